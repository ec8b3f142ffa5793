import ConveneDelivery
import ConveneTestSupport
import Foundation
import Glibc
import Testing

/// The hand-off to the MTA's `sendmail`, against small programs that behave as sendmail
/// does when it works, fails, hangs or stops reading.
@Suite(.serialized) struct SendmailTests {
    let work: TemporaryDirectory

    init() throws {
        work = try TemporaryDirectory(prefix: "sendmail")
    }

    /// An executable shell script at `name` in the work folder. Written through a
    /// close-on-exec descriptor: a process another test starts meanwhile must not inherit
    /// it open for writing, or running the script fails with "Text file busy".
    func program(_ name: String, _ body: String) throws -> String {
        let path = work.path + "/" + name
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
        try #require(descriptor >= 0)
        let text = Array(("#!/bin/sh\n" + body + "\n").utf8)
        #expect(write(descriptor, text, text.count) == text.count)
        close(descriptor)
        return path
    }

    @Test func theMessageGoesOnStandardInputAndTheEnvelopeOnTheCommandLine() throws {
        let out = work.path + "/out"
        let path = try program("sendmail", "printf '%s\\n' \"$@\" > \(out).args; cat > \(out).message")
        let message = Array("From: a@example.org\r\nSubject: Hello\r\n\r\nBody\r\n".utf8)
        try Sendmail(path: path).send(message, from: "team@example.org", to: ["-x@example.org", "b@example.org"])
        #expect(
            try String(contentsOfFile: out + ".args", encoding: .utf8)
                == "-oi\n-f\nteam@example.org\n--\n-x@example.org\nb@example.org\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + ".message")) == Data(message))
    }

    @Test func aRefusalIsReportedWithItsStatusAndWhatSendmailSaid() throws {
        let path = try program(
            "sendmail", "cat > /dev/null; echo 'postdrop: warning: unable to look up public/pickup' >&2; exit 75")
        #expect(throws: Sendmail.Failure.exited(status: 75, stderr: "postdrop: warning: unable to look up public/pickup")) {
            try Sendmail(path: path).send(Array("x\r\n".utf8), from: "a@example.org", to: ["b@example.org"])
        }
        #expect(throws: Sendmail.Failure.cannotStart("\(work.path)/missing: No such file or directory")) {
            try Sendmail(path: work.path + "/missing").send([], from: "a@example.org", to: ["b@example.org"])
        }
    }

    /// A sendmail that hangs without reading 4 MiB of input is stopped at the time limit;
    /// one that exits without reading it does not take the daemon down with SIGPIPE.
    @Test func aHungSendmailIsStoppedAndOneThatStopsReadingIsNoHarm() throws {
        let large = [UInt8](repeating: UInt8(ascii: "x"), count: 4 << 20)
        let hung = try program("hung", "exec sleep 600")
        let start = ContinuousClock.now
        #expect(throws: Sendmail.Failure.timedOut(seconds: 1)) {
            try Sendmail(path: hung, timeout: 1).send(large, from: "a@example.org", to: ["b@example.org"])
        }
        #expect(ContinuousClock.now - start < .seconds(30))
        let quitter = try program("quitter", "exit 0")
        try Sendmail(path: quitter).send(large, from: "a@example.org", to: ["b@example.org"])
    }
}

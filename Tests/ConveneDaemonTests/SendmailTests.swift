import ConveneCore
import ConveneDelivery
import ConveneTestSupport
import Foundation
import Glibc
import Testing

@testable import ConveneDaemon

/// The hand-off to the MTA's `sendmail`, against small programs that behave as sendmail
/// does when it works, fails, hangs or stops reading.
@Suite(.serialized) struct SendmailTests {
    let work: TemporaryDirectory

    init() throws {
        work = try TemporaryDirectory(prefix: "sendmail")
    }

    /// An executable shell script at `name` in the work folder.
    func program(_ name: String, _ body: String) throws -> String {
        let path = work.path + "/" + name
        try ExecutableFile.script(body, at: path)
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
        #expect(throws: Sendmail.Failure.timedOut(seconds: 1, stderr: "")) {
            try Sendmail(path: hung, timeout: 1).send(large, from: "a@example.org", to: ["b@example.org"])
        }
        #expect(ContinuousClock.now - start < .seconds(30))
        let quitter = try program("quitter", "exit 0")
        try Sendmail(path: quitter).send(large, from: "a@example.org", to: ["b@example.org"])
    }
}

/// A message from a forum's contact that is not an answer is forwarded once to
/// `[inbox] forward_to` through sendmail; while sendmail refuses, it is tried again.
@Suite(.serialized) struct ForwardingTests {
    @Test func aQuestionFromAForumIsForwardedOnceWithItsSenderToReplyTo() async throws {
        let work = try TemporaryDirectory(prefix: "forward")
        let capture = work.path + "/sent"
        let script = work.path + "/sendmail"
        let state = work.path + "/refuse"
        let body = """
            #!/bin/sh
            if [ -e \(state) ]; then cat > /dev/null; echo 'queue file write error' >&2; exit 75; fi
            n=$(ls \(capture) 2>/dev/null | wc -l); mkdir -p \(capture); printf '%s ' "$@" > \(capture)/$n.args; cat > \(capture)/$n.eml

            """
        try ExecutableFile.write(Array(body.utf8), to: script)
        _ = FileManager.default.createFile(atPath: state, contents: nil)

        var builder = ConfigurationBuilder()
        builder.series = DeliveryRetryTests.configuration().series
        builder.inbox = InboxSettings(forwardTo: "coordinators@example.org")
        builder.delivery = DeliverySettings(sendmail: script)
        let setup = try await InboxTests.Setup(configuration: builder.build())
        let daemon = setup.harness.daemon
        try setup.deliver(
            "From: Secretary <north@example.org>\nTo: participation@example.org\nMessage-ID: <q1@example.org>\n"
                + "Subject: Wheelchair access?\n\nIs the Council Chamber step-free?\n", name: "1.A.host")
        #expect(await daemon.readInbox(setup.inbox))
        #expect(await daemon.handOff(setup.inbox) == false, "sendmail refuses: tried again later")
        #expect(!FileManager.default.fileExists(atPath: capture))

        try FileManager.default.removeItem(atPath: state)
        #expect(await daemon.handOff(setup.inbox))
        #expect(await daemon.handOff(setup.inbox), "nothing left to forward")
        let sent = try FileManager.default.contentsOfDirectory(atPath: capture).sorted()
        #expect(sent == ["0.args", "0.eml"], "forwarded once")
        #expect(
            try String(contentsOfFile: capture + "/0.args", encoding: .utf8)
                == "-oi -f participation@example.org -- coordinators@example.org ")
        let forwarded = try String(contentsOfFile: capture + "/0.eml", encoding: .utf8)
        #expect(forwarded.contains("\r\nReply-To: <north@example.org>\r\n"))
        #expect(forwarded.contains("\r\nSubject: A message from North Parents needs a person: Wheelchair access?\r\n"))
        #expect(forwarded.contains("Content-Type: message/rfc822"))
        #expect(forwarded.contains("Is the Council Chamber step-free?"), "the message itself is attached")
    }
}

/// A contact's address bounced; the admin configures the new one: the forum's current
/// message about each meeting ahead goes to the new address, once, and to nobody else.
@Suite(.serialized) struct NewAddressTests {
    @Test func aBouncedContactsNewAddressIsSentTheForumsCurrentMessagesOnce() async throws {
        let work = try TemporaryDirectory(prefix: "resend")
        let capture = work.path + "/sent"
        let script = work.path + "/sendmail"
        let body = """
            #!/bin/sh
            n=$(ls \(capture) 2>/dev/null | wc -l); mkdir -p \(capture); printf '%s ' "$@" > \(capture)/$n.args; cat > \(capture)/$n.eml

            """
        try ExecutableFile.write(Array(body.utf8), to: script)

        var builder = ConfigurationBuilder()
        builder.series = DeliveryRetryTests.configuration().series
        builder.delivery = DeliverySettings(sendmail: script)
        let setup = try await InboxTests.Setup(configuration: builder.build())
        let daemon = setup.harness.daemon
        #expect(await daemon.handOff(setup.inbox))
        try setup.deliver(InboxStatusTests.bounce(of: "north@example.org"), name: "1.A.host")
        #expect(await daemon.readInbox(setup.inbox))
        #expect(await daemon.handOff(setup.inbox))
        #expect(!FileManager.default.fileExists(atPath: capture), "nothing to send until there is a new address")

        setup.harness.clock.advance(3600)
        builder.forums[0] = Forum(
            id: "north-parents", name: "North Parents", district: "north",
            contacts: [Contact(name: "Secretary", email: "North.New@example.org")], availability: [])
        await daemon.install(.init(configuration: builder.build(), files: [], loadedAt: setup.harness.clock.value, warnings: []))
        #expect(await daemon.handOff(setup.inbox))
        #expect(await daemon.handOff(setup.inbox), "nothing twice")
        let sent = try FileManager.default.contentsOfDirectory(atPath: capture).sorted()
        #expect(sent == ["0.args", "0.eml"], "the one meeting still ahead, once")
        #expect(
            try String(contentsOfFile: capture + "/0.args", encoding: .utf8)
                == "-oi -f participation@example.org -- north.new@example.org ")
        let message = try String(contentsOfFile: capture + "/0.eml", encoding: .utf8)
        #expect(message.contains("UID:\(setup.march)"), "the forum's message about the March meeting")
        let written = setup.harness.delivered("north-parents")
        #expect(written.count == 1)
        let original = try String(
            contentsOfFile: setup.harness.work.path + "/spool/north-parents/new/" + written[0], encoding: .utf8)
        #expect(message == original, "the same bytes, the same Message-ID")
    }
}

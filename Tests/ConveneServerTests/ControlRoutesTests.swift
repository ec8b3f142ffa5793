import ConveneProtocol
import ConveneServer
import ConveneTestSupport
import Foundation
import Testing

/// The control API as a client sees it over the socket: the handler's documents as JSON
/// with the protocol's snake_case keys and explicit nulls, a failed reload as 400, a
/// reload by someone not allowed as 403, and an unknown endpoint as the protocol's
/// `not_found` error document.
@Suite(.timeLimit(.minutes(1)), .runsOnBlockingThreads) struct ControlRoutesTests {
    let directory: SocketDirectory

    init() throws {
        directory = try SocketDirectory()
    }

    @Test func statusIsTheHandlersDocumentWithEveryKeyAndNulls() async throws {
        let response = try await RunningControlServer.with(path: directory.socketPath) {
            try await Curl.request("/v1/status", socket: directory.socketPath)
        }
        #expect(response.status == 200)
        #expect(response.contentType == "application/json")
        #expect(
            response.body == """
                {"config_digest":"00a1b2c3d4e5f607","config_file":"/etc/convene/convened.toml","config_file_count":2,\
                "config_loaded_at":"2027-02-15T09:00:00+00:00","forums":3,\
                "inbox":{"bouncing_contacts":0,"needs_person":0,"quarantined":0},"last_error":null,"mail":null,\
                "next_notification":null,"series":5,"spool_backlog":0,"state":"running",\
                "summary":"Watching 3 forums","venues":2,"version":"1.4.0"}

                """)
        let decoded = try JSONDecoder().decode(StatusDocument.self, from: Data(response.body.utf8))
        #expect(decoded == StubControlHandler().statusDocument)
    }

    @Test func aPlannedNotificationAndAnErrorAppearInTheStatus() async throws {
        var handler = StubControlHandler()
        handler.statusDocument.nextNotification = .init(due: "2027-03-08T07:30:00+00:00", kind: "reminder", forums: 2)
        handler.statusDocument.spoolBacklog = 4
        handler.statusDocument.lastError = "forum redditch: spool folder is not writable"
        let response = try await RunningControlServer.with(path: directory.socketPath, handler: handler) {
            try await Curl.request("/v1/status", socket: directory.socketPath)
        }
        #expect(response.status == 200)
        let json = try response.json()
        let next = try #require(json["next_notification"] as? [String: Any])
        #expect(next["due"] as? String == "2027-03-08T07:30:00+00:00")
        #expect(next["kind"] as? String == "reminder")
        #expect(next["forums"] as? Int == 2)
        #expect(json["spool_backlog"] as? Int == 4)
        #expect(json["last_error"] as? String == "forum redditch: spool folder is not writable")
    }

    @Test func aSuccessfulReloadIs200WithItsWarnings() async throws {
        var handler = StubControlHandler()
        handler.reloadDocument = ReloadDocument(
            reloaded: true, errors: [], warnings: ["convened.toml:9:1: warning: series.late: never falls due"])
        let response = try await RunningControlServer.with(path: directory.socketPath, handler: handler) {
            try await Curl.request("/v1/reload", method: "POST", socket: directory.socketPath)
        }
        #expect(response.status == 200)
        #expect(response.contentType == "application/json")
        #expect(
            response.body == """
                {"errors":[],"reloaded":true,"warnings":["convened.toml:9:1: warning: series.late: never falls due"]}

                """)
    }

    @Test func aRejectedReloadIs400WithTheErrors() async throws {
        var handler = StubControlHandler()
        handler.reloadDocument = ReloadDocument(
            reloaded: false, errors: ["forums.toml:3:1: error: forum.redditch.folder: not a directory"], warnings: [])
        let response = try await RunningControlServer.with(path: directory.socketPath, handler: handler) {
            try await Curl.request("/v1/reload", method: "POST", socket: directory.socketPath)
        }
        #expect(response.status == 400)
        #expect(response.contentType == "application/json")
        #expect(
            response.body == """
                {"errors":["forums.toml:3:1: error: forum.redditch.folder: not a directory"],"reloaded":false,"warnings":[]}

                """)
    }

    @Test func aReloadFromSomeoneWhoMayNotChangeThingsIsForbidden() async throws {
        var handler = StubControlHandler()
        handler.changers = []
        let response = try await RunningControlServer.with(path: directory.socketPath, handler: handler) {
            try await Curl.request("/v1/reload", method: "POST", socket: directory.socketPath)
        }
        #expect(response.status == 403)
        #expect(response.contentType == "application/json")
        #expect(
            try response.json()["error"] as? [String: String] == [
                "code": "forbidden", "message": "only root, members of the admin group and the daemon's own user may reload",
            ])
    }

    /// `systemctl reload` asks as the daemon's own user, who may reload but not change
    /// the schedule.
    @Test func someoneWhoMayReloadButNotChangeThingsGetsOnlyTheReload() async throws {
        var handler = StubControlHandler()
        handler.changers = []
        handler.reloaders = [getuid()]
        let (reload, cancel) = try await RunningControlServer.with(path: directory.socketPath, handler: handler) {
            (
                try await Curl.request("/v1/reload", method: "POST", socket: directory.socketPath),
                try await Curl.request("/v1/occurrences/x@convene/cancel", method: "POST", socket: directory.socketPath)
            )
        }
        #expect(reload.status == 200)
        #expect(cancel.status == 403)
    }

    @Test(arguments: [("GET", "/v1/meetings"), ("GET", "/status"), ("POST", "/v2/reload"), ("GET", "/v1/reload")])
    func anUnknownEndpointIsTheNotFoundErrorDocument(method: String, path: String) async throws {
        let response = try await RunningControlServer.with(path: directory.socketPath) {
            try await Curl.request(path, method: method, socket: directory.socketPath)
        }
        #expect(response.status == 404)
        #expect(response.contentType == "application/json")
        #expect(
            response.body == """
                {"error":{"code":"not_found","message":"no such endpoint: \(method) \(path)"}}

                """)
    }
}

import ConveneConfig
import ConveneDelivery
import ConveneProtocol
import FoundationEssentials
import Logging

extension Daemon {
    /// Reads the configuration again (SIGHUP, `systemctl reload`, `POST /v1/reload`).
    /// A configuration with errors is not used: every error is logged with its file and
    /// position and the old configuration keeps running. Either way systemd hears
    /// RELOADING=1 first and READY=1 after.
    public func reload() -> ReloadDocument {
        // Only a running daemon speaks the reload protocol: during startup (a SIGHUP
        // before READY=1) startup's own READY=1 follows, and when stopping nothing does.
        let before = state
        let announce = before == .running
        state = .reloading
        if announce { notifier.reloading() }
        defer {
            state = before
            publish()
            if announce { notifier.ready(status: statusLine()) }
        }
        let (candidate, result) = Self.load(options.configFile, at: clock())
        guard let candidate else {
            let errors = result.errors
            for error in errors {
                logger.error("\(error)", metadata: CataloguedEvent.reloadFailed.metadata(Self.diagnosticMetadata(error)))
            }
            let summary =
                "reload failed: \(errors.count) error\(errors.count == 1 ? "" : "s") in the configuration; "
                + "still running the configuration loaded at \(timestamp(loaded.loadedAt))"
            logger.error(
                "\(summary)",
                metadata: CataloguedEvent.reloadFailed.metadata([
                    "config.file": .string(options.configFile), "errors": "\(errors.count)",
                ]))
            fail(.reload, summary)
            return ReloadDocument(
                reloaded: false, errors: errors.map(\.description), warnings: result.warnings.map(\.description))
        }
        install(candidate)
        return ReloadDocument(reloaded: true, errors: [], warnings: candidate.warnings.map(\.description))
    }

    /// Puts a loaded configuration in force and wakes the work loop to act on it.
    func install(_ candidate: Loaded) {
        loaded = candidate
        delivery = Delivery(store: store, spool: spool, configuration: candidate.configuration)
        recordDelivery = RecordDelivery(store: store, spool: spool, configuration: candidate.configuration)
        source = source.next(configuration: candidate.configuration)
        do {
            feedTokens = try store.feedTokens(ensuring: candidate.configuration.forums.map(\.id), at: clock())
        } catch {
            // New forums have no feed address until the next reload or restart; nothing else is affected.
            logger.error("cannot make feed addresses for new forums", metadata: ["error": "\(error)"])
        }
        reportedUnplaced = []
        _ = loop.handle(.scheduleChanged)
        failures[.reload] = nil
        refreshInboxStatus()  // a contact's new address is no longer bouncing
        noteContacts()
        matchMailHandoff()
        configurationChanged.yield()
        publish()
        logWarnings(candidate.warnings)
        logConfigurationLoaded()
        timer.fire()
    }

    func logConfigurationLoaded() {
        let configuration = loaded.configuration
        logger.notice(
            Logger.Message(
                stringLiteral: "configuration loaded from \(loaded.files.count) files: \(configuration.forums.count) forums, "
                    + "\(configuration.series.count) meeting series, \(configuration.venues.count) venues"),
            metadata: CataloguedEvent.configLoaded.metadata([
                "config.file": .string(options.configFile), "forums": "\(configuration.forums.count)",
                "series": "\(configuration.series.count)", "warnings": "\(loaded.warnings.count)",
            ]))
    }
}

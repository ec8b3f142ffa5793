import ConveneProtocol

/// What the control API asks of the daemon. The daemon implements it; tests may too.
public protocol ControlHandling: Sendable {
    /// `GET /v1/status`.
    func status() async -> StatusDocument
    /// `POST /v1/reload`: read the configuration again; keep the old one if the new is bad.
    func reload() async -> ReloadDocument
}

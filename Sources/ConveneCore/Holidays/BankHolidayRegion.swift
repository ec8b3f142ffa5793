/// A part of the UK with its own list of bank holidays. The raw values are the
/// division names gov.uk's bank-holidays feed uses, so configuration can quote them.
public enum BankHolidayRegion: String, CaseIterable, Sendable {
    /// England and Wales, which share one list.
    case englandAndWales = "england-and-wales"
    /// Scotland: 2 January, St Andrew's Day and an August Monday of its own; no Easter Monday.
    case scotland = "scotland"
    /// Northern Ireland: England's list plus St Patrick's Day and the Battle of the Boyne.
    case northernIreland = "northern-ireland"

    /// The region's name as written to parents and carers ("England and Wales").
    public var displayName: String {
        switch self {
        case .englandAndWales: "England and Wales"
        case .scotland: "Scotland"
        case .northernIreland: "Northern Ireland"
        }
    }
}

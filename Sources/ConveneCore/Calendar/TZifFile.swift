/// A time zone file in the TZif format (RFC 8536, versions 1 to 4), as `zic` writes them
/// under /usr/share/zoneinfo: the instants at which a zone's offset changes, the kinds of
/// local time it changes between, and (from version 2) a POSIX TZ string for the years
/// after the last listed change.
///
/// Read from bytes alone, so tests can feed it anything and nothing here trusts the
/// file: every count is held to a limit and to the bytes actually present before
/// anything is allocated, and every index is checked.
public struct TZifFile: Hashable, Sendable {
    /// One kind of local time the zone uses (`GMT`, `BST`, the local mean time before
    /// standard time).
    public struct LocalTimeType: Hashable, Sendable {
        /// Seconds east of UTC.
        public let offset: Int
        /// Whether the file marks this as daylight saving time.
        public let isDaylightSaving: Bool
        /// The abbreviation, e.g. `BST`.
        public let abbreviation: String
    }

    /// The format version, 1 to 4.
    public let version: Int
    /// The instants (seconds since the epoch) at which the local time type changes, in
    /// increasing order. From the 64-bit block when the file has one.
    public let transitions: [Int]
    /// For each transition, the index in `types` of the local time from then on.
    public let transitionTypes: [Int]
    /// The local time types; the first applies before the first transition.
    public let types: [LocalTimeType]
    /// How many leap-second records the file has: none for the usual (POSIX time) zones,
    /// some for those under `right/`, whose instants count leap seconds.
    public let leapSecondCount: Int
    /// The footer's rule for the times after the last transition: nil for a version 1
    /// file or an empty footer, when the last transition's type carries on.
    public let rule: PosixTimeZoneRule?

    /// The file the bytes hold, or the reason they are not one.
    public init(bytes: some Collection<UInt8>) throws(TZifError) {
        let bytes = Array(bytes)
        let first = try Header(bytes, at: 0)
        guard first.version >= 2 else {
            let block = try Block(bytes, header: first, at: Header.size, timeSize: 4)
            self.init(version: 1, block: block, rule: nil)
            return
        }
        // Version 2 and later repeat the data with 64-bit times after the version 1 block,
        // which readers of those versions skip.
        let second = try Header(bytes, at: Header.size + first.dataSize(timeSize: 4))
        guard second.version == first.version else { throw .versionMismatch }
        let dataStart = Header.size + first.dataSize(timeSize: 4) + Header.size
        let block = try Block(bytes, header: second, at: dataStart, timeSize: 8)
        let footer = try TZifFile.footer(bytes, at: dataStart + second.dataSize(timeSize: 8))
        let rule: PosixTimeZoneRule?
        do {
            rule = footer.isEmpty ? nil : try PosixTimeZoneRule(footer)
        } catch {
            throw .invalidFooter(error)
        }
        self.init(version: first.version, block: block, rule: rule)
    }

    private init(version: Int, block: Block, rule: PosixTimeZoneRule?) {
        self.version = version
        transitions = block.transitions
        transitionTypes = block.transitionTypes
        types = block.types
        leapSecondCount = block.leapSecondCount
        self.rule = rule
    }

    // MARK: Limits

    /// Far more than any zone has (the most in tzdata is a few hundred), and little enough
    /// to hold in memory.
    static let maximumTransitions = 10_000
    /// A transition's type is one byte, so no file can use more.
    static let maximumTypes = 256
    /// Abbreviations are indexed by one byte.
    static let maximumAbbreviationBytes = 256
    /// There have been 27 leap seconds.
    static let maximumLeapSeconds = 1000
    /// The longest footer in tzdata is under 50 bytes.
    static let maximumFooterLength = 255
    /// Offsets beyond a day from UTC: RFC 8536 §3.2 asks for -89,999 to 93,599 seconds.
    static let offsets = -89_999...93_599

    // MARK: Parts

    /// A header: the magic, the version and six counts.
    private struct Header {
        static let size = 44

        let version: Int
        let utcIndicatorCount: Int
        let standardIndicatorCount: Int
        let leapSecondCount: Int
        let transitionCount: Int
        let typeCount: Int
        let abbreviationByteCount: Int

        init(_ bytes: [UInt8], at start: Int) throws(TZifError) {
            guard bytes.count - start >= Header.size else {
                throw .truncated(needed: start + Header.size, available: bytes.count)
            }
            guard bytes[start..<start + 4].elementsEqual("TZif".utf8) else { throw .badMagic }
            switch bytes[start + 4] {
            case 0: version = 1
            case UInt8(ascii: "2"): version = 2
            case UInt8(ascii: "3"): version = 3
            case UInt8(ascii: "4"): version = 4
            case let byte: throw .unsupportedVersion(byte)
            }
            func count(_ index: Int) -> Int { TZifFile.bigEndian(bytes, at: start + 20 + 4 * index, size: 4) }
            utcIndicatorCount = count(0)
            standardIndicatorCount = count(1)
            leapSecondCount = count(2)
            transitionCount = count(3)
            typeCount = count(4)
            abbreviationByteCount = count(5)
            try Header.check("transition", transitionCount, limit: TZifFile.maximumTransitions)
            try Header.check("local time type", typeCount, limit: TZifFile.maximumTypes)
            try Header.check("abbreviation byte", abbreviationByteCount, limit: TZifFile.maximumAbbreviationBytes)
            try Header.check("leap second", leapSecondCount, limit: TZifFile.maximumLeapSeconds)
            try Header.check("standard/wall indicator", standardIndicatorCount, limit: TZifFile.maximumTypes)
            try Header.check("UT/local indicator", utcIndicatorCount, limit: TZifFile.maximumTypes)
        }

        private static func check(_ field: String, _ count: Int, limit: Int) throws(TZifError) {
            guard count <= limit else { throw .countTooLarge(field: field, count: count, limit: limit) }
        }

        /// The length of the data block that follows the header (counts are limited, so
        /// this cannot overflow).
        func dataSize(timeSize: Int) -> Int {
            transitionCount * (timeSize + 1) + typeCount * 6 + abbreviationByteCount
                + leapSecondCount * (timeSize + 4) + standardIndicatorCount + utcIndicatorCount
        }
    }

    /// The data block a header describes, checked.
    private struct Block {
        let transitions: [Int]
        let transitionTypes: [Int]
        let types: [LocalTimeType]
        let leapSecondCount: Int

        init(_ bytes: [UInt8], header: Header, at start: Int, timeSize: Int) throws(TZifError) {
            let end = start + header.dataSize(timeSize: timeSize)
            guard end <= bytes.count else { throw .truncated(needed: end, available: bytes.count) }
            guard header.typeCount > 0 else { throw .invalidCount("a file needs at least one local time type") }
            guard header.abbreviationByteCount > 0 else { throw .invalidCount("a file needs at least one abbreviation byte") }
            guard header.standardIndicatorCount == 0 || header.standardIndicatorCount == header.typeCount,
                header.utcIndicatorCount == 0 || header.utcIndicatorCount == header.typeCount
            else { throw .invalidCount("the indicator counts must be 0 or the number of local time types") }

            var position = start
            var transitions: [Int] = []
            transitions.reserveCapacity(header.transitionCount)
            for index in 0..<header.transitionCount {
                let instant = TZifFile.signed(TZifFile.bigEndian(bytes, at: position, size: timeSize), size: timeSize)
                if let last = transitions.last, instant <= last { throw .transitionsOutOfOrder(index: index) }
                transitions.append(instant)
                position += timeSize
            }
            var transitionTypes: [Int] = []
            transitionTypes.reserveCapacity(header.transitionCount)
            for index in 0..<header.transitionCount {
                let type = Int(bytes[position])
                guard type < header.typeCount else { throw .typeOutOfRange(transition: index, type: type) }
                transitionTypes.append(type)
                position += 1
            }
            let abbreviationStart = position + header.typeCount * 6
            let abbreviations = bytes[abbreviationStart..<abbreviationStart + header.abbreviationByteCount]
            var types: [LocalTimeType] = []
            types.reserveCapacity(header.typeCount)
            for index in 0..<header.typeCount {
                let offset = TZifFile.signed(TZifFile.bigEndian(bytes, at: position, size: 4), size: 4)
                guard TZifFile.offsets.contains(offset) else { throw .offsetOutOfRange(type: index, offset: offset) }
                guard bytes[position + 4] <= 1 else { throw .invalidType(index, "its daylight saving flag is not 0 or 1") }
                let abbreviation = try TZifFile.abbreviation(abbreviations, at: Int(bytes[position + 5]), type: index)
                types.append(
                    LocalTimeType(offset: offset, isDaylightSaving: bytes[position + 4] == 1, abbreviation: abbreviation))
                position += 6
            }
            self.transitions = transitions
            self.transitionTypes = transitionTypes
            self.types = types
            leapSecondCount = header.leapSecondCount
        }
    }

    /// The NUL-terminated abbreviation that starts at `index` of the abbreviation bytes.
    private static func abbreviation(_ bytes: ArraySlice<UInt8>, at index: Int, type: Int) throws(TZifError) -> String {
        guard index < bytes.count else { throw .invalidType(type, "its abbreviation index is past the abbreviations") }
        let start = bytes.startIndex + index
        guard let end = bytes[start...].firstIndex(of: 0) else {
            throw .invalidType(type, "its abbreviation is not terminated")
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The TZ string between the two newlines that end a version 2+ file.
    private static func footer(_ bytes: [UInt8], at start: Int) throws(TZifError) -> ArraySlice<UInt8> {
        guard start < bytes.count else { throw .missingFooter }
        guard bytes[start] == UInt8(ascii: "\n") else { throw .missingFooter }
        let limit = min(bytes.count, start + 1 + maximumFooterLength + 1)
        guard let end = bytes[(start + 1)..<limit].firstIndex(of: UInt8(ascii: "\n")) else {
            throw limit == bytes.count ? .missingFooter : .footerTooLong(limit: maximumFooterLength)
        }
        return bytes[(start + 1)..<end]
    }

    /// An unsigned big-endian number of `size` bytes (the caller has checked they are there).
    private static func bigEndian(_ bytes: [UInt8], at start: Int, size: Int) -> Int {
        var value = 0
        for byte in bytes[start..<start + size] { value = value << 8 | Int(byte) }
        return value
    }

    /// A two's complement reading of a `size`-byte number.
    private static func signed(_ value: Int, size: Int) -> Int {
        size == 8 ? Int(Int64(bitPattern: UInt64(truncatingIfNeeded: value))) : Int(Int32(truncatingIfNeeded: value))
    }
}

/// Why bytes are not a usable TZif file.
public enum TZifError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The data ends before a part the header promises.
    case truncated(needed: Int, available: Int)
    /// The file does not start with `TZif`.
    case badMagic
    /// A version byte other than 0, `2`, `3` or `4`.
    case unsupportedVersion(UInt8)
    /// The second header of a version 2+ file gives another version than the first.
    case versionMismatch
    /// A count beyond what any real zone needs, refused before anything is allocated.
    case countTooLarge(field: String, count: Int, limit: Int)
    /// Counts that contradict each other or the format.
    case invalidCount(String)
    /// Transition `index` is not later than the one before it.
    case transitionsOutOfOrder(index: Int)
    /// Transition `transition` names a local time type the file does not have.
    case typeOutOfRange(transition: Int, type: Int)
    /// A local time type more than a day from UTC.
    case offsetOutOfRange(type: Int, offset: Int)
    /// A local time type that is malformed in another way.
    case invalidType(Int, String)
    /// A version 2+ file without its newline-framed TZ string at the end.
    case missingFooter
    /// A TZ string longer than any real one.
    case footerTooLong(limit: Int)
    /// The TZ string in the footer does not parse.
    case invalidFooter(PosixTimeZoneRuleError)
    /// The file counts leap seconds (as those under `right/` do), so its instants are not
    /// the POSIX times the rest of the program uses.
    case countsLeapSeconds

    public var description: String {
        switch self {
        case .truncated(let needed, let available): "the data ends at byte \(available), before byte \(needed)"
        case .badMagic: "not a TZif file (it does not start with \"TZif\")"
        case .unsupportedVersion(let byte): "unsupported TZif version byte \(byte)"
        case .versionMismatch: "the two headers give different versions"
        case .countTooLarge(let field, let count, let limit): "\(count) \(field) records (at most \(limit) are accepted)"
        case .invalidCount(let reason): reason
        case .transitionsOutOfOrder(let index): "transition \(index) is not later than the one before it"
        case .typeOutOfRange(let transition, let type):
            "transition \(transition) names local time type \(type), which is not there"
        case .offsetOutOfRange(let type, let offset): "local time type \(type) is \(offset) s from UTC, more than a day"
        case .invalidType(let type, let reason): "local time type \(type): \(reason)"
        case .missingFooter: "the TZ string footer is missing or not ended by a newline"
        case .footerTooLong(let limit): "the TZ string footer is longer than \(limit) bytes"
        case .invalidFooter(let error): error.description
        case .countsLeapSeconds: "the file counts leap seconds (a right/ zone), so its times are not POSIX times"
        }
    }
}

import NIOCore

/// A request as `KeptAnswerHandler` reads it: a plain HTTP/1.1 GET without a body, its
/// head whole. Anything else, or anything this reading is not sure of (HTTP/1.0, a body,
/// a bare LF, a byte outside visible ASCII, an upgrade, `Expect:`), is nil, and
/// Hummingbird's parser gets the request instead, to answer or refuse.
struct KeptRequest: Equatable {
    let target: String
    /// Every `If-None-Match` value, joined with commas.
    let ifNoneMatch: String?
    /// `Connection: close`: the server closes the connection after the answer.
    let asksToClose: Bool

    /// The most header lines read here; more and the router's limits apply.
    static let fieldLimit = 64

    /// The length of the head at the start of `bytes` (through its blank line), if it
    /// has all arrived.
    static func headLength(_ bytes: ByteBufferView) -> Int? {
        let found = bytes.withContiguousStorageIfAvailable { raw -> Int? in
            var index = 3
            while index < raw.count {
                let byte = raw[index]
                if byte == newline {
                    if raw[index - 1] == carriageReturn && raw[index - 2] == newline && raw[index - 3] == carriageReturn {
                        return index + 1
                    }
                    index += 1
                } else if byte == carriageReturn {
                    index += 1
                } else {
                    index += 4  // neither CR nor LF: no end can include this byte
                }
            }
            return nil
        }
        return found ?? nil
    }

    /// The request in `head` (as `headLength` measured it), if it is one answered here
    /// and no line is longer than `lineLimit` (past it, the router's parser refuses).
    init?(_ head: ByteBufferView, lineLimit: Int) {
        guard let read = head.withContiguousStorageIfAvailable({ Self.read($0, lineLimit: lineLimit) }), let read else {
            return nil
        }
        self = read
    }

    init(target: String, ifNoneMatch: String?, asksToClose: Bool) {
        self.target = target
        self.ifNoneMatch = ifNoneMatch
        self.asksToClose = asksToClose
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, lineLimit: Int) -> KeptRequest? {
        var lines = Lines(bytes: bytes, limit: lineLimit)
        guard let requestLine = lines.next(), requestLine.starts(with: "GET ".utf8),
            requestLine.reversed().starts(with: " HTTP/1.1".utf8.reversed())
        else { return nil }
        let target = requestLine.dropFirst(4).dropLast(9)
        guard target.first == UInt8(ascii: "/"), target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }

        var ifNoneMatch: [String] = []
        var asksToClose = false
        var fields = 0
        var lengthGiven = false
        while let line = lines.next() {
            if line.isEmpty {
                return lines.atEnd
                    ? KeptRequest(
                        target: String(decoding: target, as: UTF8.self),
                        ifNoneMatch: ifNoneMatch.isEmpty
                            ? nil
                            : ifNoneMatch.joined(separator: ", "),
                        asksToClose: asksToClose) : nil
            }
            fields += 1
            guard fields <= fieldLimit, let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                line[..<colon].allSatisfy(isTokenByte)
            else { return nil }
            let value = trimmed(line[(colon + 1)...])
            guard value.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }) else { return nil }
            let name = line[..<colon]
            if named(name, "content-length") {
                // One length, of nothing: a second (even the same) is refused by the parser.
                guard !lengthGiven, value.elementsEqual("0".utf8) else { return nil }
                lengthGiven = true
            } else if named(name, "transfer-encoding") || named(name, "expect") || named(name, "upgrade") {
                return nil
            } else if named(name, "connection") {
                for option in value.split(separator: UInt8(ascii: ",")) {
                    if named(trimmed(option), "close") { asksToClose = true }
                    if named(trimmed(option), "upgrade") { return nil }
                }
            } else if named(name, "if-none-match") {
                ifNoneMatch.append(String(decoding: value, as: UTF8.self))
            }
        }
        return nil
    }

    /// The lines of a head, each without its CRLF; nil at the end, at a bare CR or LF,
    /// or at a line longer than `limit`.
    private struct Lines {
        let bytes: UnsafeBufferPointer<UInt8>
        let limit: Int
        var position = 0
        var atEnd: Bool { position == bytes.count }

        mutating func next() -> Slice<UnsafeBufferPointer<UInt8>>? {
            var index = position
            while index < bytes.count {
                switch bytes[index] {
                case carriageReturn:
                    guard index + 1 < bytes.count, bytes[index + 1] == newline, index - position <= limit else {
                        return nil
                    }
                    defer { position = index + 2 }
                    return bytes[position..<index]
                case newline:
                    return nil
                default:
                    index += 1
                }
            }
            return nil
        }
    }

    private static func trimmed<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> Bytes.SubSequence {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        let start = bytes.firstIndex { !isSpace($0) } ?? bytes.endIndex
        let end = bytes.lastIndex { !isSpace($0) }.map(bytes.index(after:)) ?? start
        return bytes[start..<max(start, end)]
    }

    /// Whether `bytes` are `lowercaseName` in any case (ASCII).
    private static func named(_ bytes: some Collection<UInt8>, _ lowercaseName: StaticString) -> Bool {
        let name = UnsafeBufferPointer(start: lowercaseName.utf8Start, count: lowercaseName.utf8CodeUnitCount)
        return bytes.count == name.count
            && zip(bytes, name).allSatisfy { byte, expected in (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == expected }
    }

    /// RFC 9110's tchar.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}

private let carriageReturn = UInt8(ascii: "\r")
private let newline = UInt8(ascii: "\n")

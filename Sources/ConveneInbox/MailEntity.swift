/// One MIME entity: its header fields, and either its decoded body or its parts.
/// Read with limits (size, depth, number of parts): inbound mail is hostile.
struct MailEntity: Sendable {
    let fields: [(name: String, value: String)]
    let contentType: ContentType
    /// The body after its Content-Transfer-Encoding is undone (empty for a multipart).
    let body: [UInt8]
    let parts: [MailEntity]

    /// The first field called `name` (any case), unfolded.
    func field(_ name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name == wanted }?.value
    }

    /// Every field called `name`.
    func fields(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return fields.filter { $0.name == wanted }.map(\.value)
    }

    var isAttachment: Bool {
        field("content-disposition")?.lowercased().hasPrefix("attachment") == true
    }

    /// This entity and every entity inside it, depth first.
    var all: [MailEntity] { [self] + parts.flatMap(\.all) }

    /// The body as text in its charset (UTF-8, ASCII, or Latin-1/Windows-1252 read as Latin-1).
    var text: String {
        switch contentType.parameters["charset"]?.lowercased() {
        case "iso-8859-1", "latin1", "windows-1252", "cp1252", "iso-8859-15":
            return String(String.UnicodeScalarView(body.map { Unicode.Scalar($0) }))
        default:
            return String(decoding: body, as: UTF8.self)
        }
    }
}

/// Limits on what is read at all; past them the message is quarantined unread.
public struct InboundLimits: Sendable, Equatable {
    public var bytes = 10 * 1024 * 1024
    public var depth = 20
    public var parts = 200

    public init() {}
}

/// Why a message could not be read.
public enum InboundProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case tooLarge(limit: Int)
    case tooDeep(limit: Int)
    case tooManyParts(limit: Int)
    case malformed(String)

    public var description: String {
        switch self {
        case .tooLarge(let limit): "the message is larger than \(limit / (1024 * 1024)) MiB"
        case .tooDeep(let limit): "the message nests more than \(limit) levels of MIME parts"
        case .tooManyParts(let limit): "the message has more than \(limit) MIME parts"
        case .malformed(let why): "the message is malformed: \(why)"
        }
    }
}

/// `type/subtype; name=value; …`, names lower-cased, quoted values unquoted.
struct ContentType: Sendable, Equatable {
    var type = "text/plain"
    var parameters: [String: String] = [:]

    init(_ text: String?) {
        guard let text else { return }
        let pieces = ContentType.split(text)
        guard let first = pieces.first else { return }
        let mediaType = first.trimmingASCIIWhitespace().lowercased()
        if mediaType.contains("/") { type = mediaType }
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingASCIIWhitespace().lowercased()
            var value = piece[piece.index(after: equals)...].trimmingASCIIWhitespace()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast()).replacingBackslashEscapes()
            }
            if parameters[name] == nil { parameters[name] = value }
        }
    }

    /// Splits at semicolons outside double quotes.
    private static func split(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in text {
            if escaped {
                escaped = false
            } else if character == "\\" && quoted {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";" && !quoted {
                pieces.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces
    }

    var isMultipart: Bool { type.hasPrefix("multipart/") }
}

/// Reads RFC 5322 / MIME bytes into entities.
struct MailReader {
    let limits: InboundLimits
    private(set) var partsRead = 0

    init(limits: InboundLimits) {
        self.limits = limits
    }

    mutating func read(_ bytes: ArraySlice<UInt8>, depth: Int = 0) throws(InboundProblem) -> MailEntity {
        guard depth <= limits.depth else { throw .tooDeep(limit: limits.depth) }
        partsRead += 1
        guard partsRead <= limits.parts else { throw .tooManyParts(limit: limits.parts) }
        let (head, body) = Self.splitHead(bytes)
        let fields = Self.fields(head)
        let contentType = ContentType(fields.first { $0.name == "content-type" }?.value)
        if contentType.isMultipart {
            guard let boundary = contentType.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
                throw .malformed("a multipart part has no boundary")
            }
            var parts: [MailEntity] = []
            for section in Self.sections(of: body, boundary: Array(boundary.utf8)) {
                parts.append(try read(section, depth: depth + 1))
            }
            return MailEntity(fields: fields, contentType: contentType, body: [], parts: parts)
        }
        let encoding = fields.first { $0.name == "content-transfer-encoding" }?.value.lowercased()
            .trimmingASCIIWhitespace()
        let decoded: [UInt8]
        switch encoding {
        case "base64": decoded = try TransferEncoding.base64(body)
        case "quoted-printable": decoded = TransferEncoding.quotedPrintable(body)
        default: decoded = Array(body)
        }
        return MailEntity(fields: fields, contentType: contentType, body: decoded, parts: [])
    }

    /// The header block and the body, split at the first empty line (CRLF or bare LF).
    static func splitHead(_ bytes: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        var index = bytes.startIndex
        var lineStart = index
        while index < bytes.endIndex {
            if bytes[index] == 0x0A {
                let line = bytes[lineStart..<index]
                if line.isEmpty || line == [0x0D] {
                    return (bytes[bytes.startIndex..<lineStart], bytes[(index + 1)...])
                }
                lineStart = index + 1
            }
            index += 1
        }
        // No empty line: all header (or, if the first line is not a field, all body).
        return (bytes, bytes[bytes.endIndex...])
    }

    /// Unfolded fields, names lower-cased. Lines that are not fields are skipped.
    static func fields(_ head: ArraySlice<UInt8>) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        for rawLine in head.split(separator: 0x0A, omittingEmptySubsequences: false) {
            var line = rawLine
            if line.last == 0x0D { line = line.dropLast() }
            if let first = line.first, first == 0x20 || first == 0x09 {
                if !fields.isEmpty {
                    fields[fields.count - 1].value += " " + String(decoding: line, as: UTF8.self).trimmingASCIIWhitespace()
                }
                continue
            }
            guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex else { continue }
            let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
            guard name.allSatisfy({ $0.isASCII && $0 != " " }) else { continue }
            fields.append((name, String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingASCIIWhitespace()))
        }
        return fields
    }

    /// The parts between `--boundary` lines, up to `--boundary--`.
    static func sections(of body: ArraySlice<UInt8>, boundary: [UInt8]) -> [ArraySlice<UInt8>] {
        let delimiter: [UInt8] = [0x2D, 0x2D] + boundary
        var sections: [ArraySlice<UInt8>] = []
        var sectionStart: Int?
        var lineStart = body.startIndex
        var index = body.startIndex
        while lineStart < body.endIndex {
            index = body[lineStart...].firstIndex(of: 0x0A) ?? body.endIndex
            var line = body[lineStart..<index]
            if line.last == 0x0D { line = line.dropLast() }
            if line.starts(with: delimiter) {
                let rest = line.dropFirst(delimiter.count)
                let closing = rest.starts(with: [0x2D, 0x2D])
                if closing || rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    if let start = sectionStart {
                        // The CRLF before the delimiter belongs to it (RFC 2046 §5.1.1).
                        var end = lineStart
                        if end > start, body[end - 1] == 0x0A { end -= 1 }
                        if end > start, body[end - 1] == 0x0D { end -= 1 }
                        sections.append(body[start..<end])
                    }
                    if closing { return sections }
                    sectionStart = min(index + 1, body.endIndex)
                }
            }
            lineStart = index + 1
        }
        if let start = sectionStart, start < body.endIndex { sections.append(body[start...]) }  // no closing delimiter
        return sections
    }
}

enum TransferEncoding {
    static func base64(_ bytes: ArraySlice<UInt8>) throws(InboundProblem) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="), 0x0D, 0x0A, 0x20, 0x09: continue
            default: throw .malformed("a base64 part holds a byte that is not base64")
            }
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }

    static func quotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "=") else {
                out.append(byte)
                index += 1
                continue
            }
            let next = bytes.index(after: index)
            if next < bytes.endIndex, bytes[next] == 0x0A {  // soft break, bare LF
                index = next + 1
            } else if next + 1 < bytes.endIndex, bytes[next] == 0x0D, bytes[next + 1] == 0x0A {  // soft break
                index = next + 2
            } else if next + 1 < bytes.endIndex, let high = hex(bytes[next]), let low = hex(bytes[next + 1]) {
                out.append(high << 4 | low)
                index = next + 2
            } else {
                out.append(byte)  // a stray "=": kept as it is, as readers do
                index += 1
            }
        }
        return out
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

extension StringProtocol {
    func trimmingASCIIWhitespace() -> String {
        let isSpace = { (c: Character) in c == " " || c == "\t" || c == "\r" || c == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }

    func replacingBackslashEscapes() -> String {
        var out = ""
        var escaped = false
        for character in self {
            if escaped {
                out.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}

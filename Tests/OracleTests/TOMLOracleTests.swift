import ConveneTOML
import ConveneTestSupport
import Foundation
import Testing

/// ConveneTOML against Python's `tomllib` (through `Oracles/toml_oracle.py`): on a
/// hand-written corpus covering TOML 1.0 (`Oracles/toml-corpus/valid` and
/// `.../invalid`) and on seeded random documents, both must accept the same
/// documents and read the same values from them.
@Suite(.runsOnBlockingThreads) struct TOMLOracleTests {
    /// What the oracle made of one document.
    enum Answer: Equatable {
        case invalid
        case valid(TOMLTaggedValue)
    }

    struct Document {
        let id: String
        let text: String
    }

    @Test func theCorpusAgreesWithTomllib() throws {
        let valid = try Self.corpus("valid")
        let invalid = try Self.corpus("invalid")
        #expect(valid.count >= 80 && invalid.count >= 80 && valid.count + invalid.count >= 150)
        let answers = try Self.ask(valid + invalid)
        for document in valid where answers[document.id] == .invalid {
            Issue.record("tomllib rejects \(document.id), which the corpus files as valid")
        }
        for document in invalid where answers[document.id] != .invalid {
            Issue.record("tomllib accepts \(document.id), which the corpus files as invalid")
        }
        let mismatches = Self.mismatches(valid + invalid, answers)
        #expect(mismatches.isEmpty, "\(mismatches.count) differ:\n\(mismatches.prefix(8).joined(separator: "\n"))")
    }

    @Test func seededRandomDocumentsAgreeWithTomllib() throws {
        var generator = TOMLDocumentGenerator(seed: 20_261_129)
        let documents = (0..<1500).map { Document(id: "random-\($0)", text: generator.document()) }
        let answers = try Self.ask(documents)
        let accepted = answers.values.filter { $0 != .invalid }.count
        // Both kinds must be well represented, or the comparison proves little.
        #expect(accepted >= 450 && documents.count - accepted >= 300, "tomllib accepted \(accepted) of \(documents.count)")
        let mismatches = Self.mismatches(documents, answers)
        #expect(
            mismatches.isEmpty,
            "\(mismatches.count) of \(documents.count) differ:\n\(mismatches.prefix(8).joined(separator: "\n"))")
    }

    /// The documents in `Oracles/toml-corpus/<folder>`, named by file.
    private static func corpus(_ folder: String) throws -> [Document] {
        let directory = try #require(Bundle.module.url(forResource: "toml-corpus", withExtension: nil, subdirectory: "Oracles"))
            .appendingPathComponent(folder, isDirectory: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".toml") }.sorted()
        return try names.map { name in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            return Document(id: "\(folder)/\(name)", text: String(decoding: data, as: UTF8.self))
        }
    }

    /// Runs the oracle once over all `documents`.
    private static func ask(_ documents: [Document]) throws -> [String: Answer] {
        var input = ""
        for document in documents {
            let line = try JSONSerialization.data(withJSONObject: ["id": document.id, "toml": document.text])
            input += String(decoding: line, as: UTF8.self) + "\n"
        }
        let output = try PythonOracle.run("toml_oracle.py", input: input)
        var answers: [String: Answer] = [:]
        for line in output.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try #require(object["id"] as? String)
            if object["result"] as? String == "invalid" {
                answers[id] = .invalid
            } else {
                answers[id] = .valid(try #require(TOMLTaggedValue(json: object["result"] as Any), "bad oracle output for \(id)"))
            }
        }
        #expect(answers.count == documents.count, "the oracle answered \(answers.count) of \(documents.count) documents")
        return answers
    }

    /// Describes each document that ConveneTOML reads differently from the oracle.
    private static func mismatches(_ documents: [Document], _ answers: [String: Answer]) -> [String] {
        documents.compactMap { document in
            guard let expected = answers[document.id] else { return nil }
            let ours: Answer
            var note = ""
            do {
                ours = .valid(TOMLTaggedValue(try TOML.parse(document.text)))
            } catch {
                ours = .invalid
                note = " (\(error))"
            }
            guard ours != expected else { return nil }
            return "\(document.id) \(document.text.debugDescription)\n  tomllib: \(expected)\n  convene: \(ours)\(note)"
        }
    }
}

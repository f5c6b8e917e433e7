/// Splits one configuration line into words the way Apache does: whitespace separates words, double quotes
/// group a word that contains spaces (`\"` and `\\` escape inside them), and `#` at the start of a word begins a
/// comment that runs to the end of the line.
enum DirectiveTokenizer {
    enum Failure: Error { case unterminatedQuote }

    static func words(of line: Substring) throws(Failure) -> [String] {
        var words: [String] = []
        var iterator = line.makeIterator()
        var current = ""
        var inWord = false
        while let character = iterator.next() {
            if character == "\"" {
                var quoted = ""
                var closed = false
                while let next = iterator.next() {
                    if next == "\\" {
                        if let escaped = iterator.next() { quoted.append(escaped) }
                    } else if next == "\"" {
                        closed = true
                        break
                    } else {
                        quoted.append(next)
                    }
                }
                guard closed else { throw .unterminatedQuote }
                current += quoted
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else if character == "#" && !inWord {
                break
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}

/// Strict UTF-8 well-formedness, as the binary format requires of every name.
///
/// Names must be valid Unicode scalar values in shortest form: no overlong encodings, no UTF-16 surrogates
/// (U+D800...U+DFFF), nothing above U+10FFFF and no truncated sequences. `String(decoding:)` would silently repair
/// such bytes, so they are checked here first. Names are short and most are ASCII, so a plain byte loop suffices.
enum UTF8Validation {
    static func isWellFormed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // Range of the second byte, which also excludes overlong forms, surrogates and values past U+10FFFF.
            let length: Int
            var secondLow: UInt8 = 0x80
            var secondHigh: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondLow = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondHigh = 0x9F
            case 0xF0: length = 4; secondLow = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondHigh = 0x8F
            default: return false  // continuation byte as lead, overlong 0xC0/0xC1, or 0xF5...0xFF
            }
            guard count - index >= length else { return false }
            let second = bytes[index + 1]
            guard second >= secondLow && second <= secondHigh else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return false
            }
            index += length
        }
        return true
    }
}

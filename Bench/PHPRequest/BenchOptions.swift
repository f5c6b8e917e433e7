/// The command line of `php-request-bench` (kept to plain `CommandLine.arguments`: the target has no
/// ArgumentParser dependency, and five flags do not need one).
struct BenchOptions {
    /// Rounds; each round runs every mode once per script, interleaved so that load changes on a shared machine
    /// hit all modes alike instead of whichever happened to run last.
    var rounds = 41
    /// Extra runs per round for the fast modes (warm, native), so their medians rest on more samples.
    var fastRepeat = 4
    var coldModule = "Guests/php/out/php-cgi.wasm"
    var warmModule = "Guests/php/out/php-cgi-warm.wasm"
    var cliModule = "Guests/php/out/php.wasm"
    var nativeCGI = "/usr/bin/php-cgi8.2"
    var nativeCLI = "/usr/bin/php8.2"

    static let usage = """
        usage: php-request-bench [--rounds N] [--fast-repeat N] [--module php-cgi.wasm] [--warm-module php-cgi-warm.wasm]
                                 [--cli-module php.wasm] [--php-cgi /usr/bin/php-cgi8.2] [--php /usr/bin/php8.2]
        Times one PHP request in-process: cold (CGIApplication.handle, full PHP start-up), snapshot-warm, and the
        native php-cgi spawned per request; prints Markdown tables (medians, p90, ratios).
        """

    static func parse(_ arguments: [String]) -> BenchOptions? {
        var options = BenchOptions()
        var index = 0
        while index < arguments.count {
            let flag = arguments[index]
            guard index + 1 < arguments.count else { return nil }
            let value = arguments[index + 1]
            switch flag {
            case "--rounds": guard let n = Int(value), n > 0 else { return nil }; options.rounds = n
            case "--fast-repeat": guard let n = Int(value), n > 0 else { return nil }; options.fastRepeat = n
            case "--module": options.coldModule = value
            case "--warm-module": options.warmModule = value
            case "--cli-module": options.cliModule = value
            case "--php-cgi": options.nativeCGI = value
            case "--php": options.nativeCLI = value
            default: return nil
            }
            index += 2
        }
        return options
    }
}

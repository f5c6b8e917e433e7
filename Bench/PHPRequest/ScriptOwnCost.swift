import Foundation
import NativeCGI
import WASI
import WasmVM

/// The script's own run: what compiling and executing a script costs inside an already started PHP, with no
/// request around it. Issue 5's goal "warm adds < 1 ms to the script's own run" is measured against this.
///
/// PHP runs the script many times in a loop (`include`, which compiles it afresh each time as a request would:
/// there is no opcache in the guest, and the CLI's opcache is off), timing itself with `hrtime`, minus the same
/// loop without the include. Both the Wasm CLI (php.wasm on WasmVM, the same interpreter and PHP build the
/// requests use) and the native CLI are measured, so the result can be read in either engine's units.
enum ScriptOwnCost {
    static let iterations = 2000
    /// Whole-program repetitions; the median is reported, since one loop can land behind another process.
    static let repetitions = 5

    /// The median of `repetitions` measurements, or the first failure.
    static func median(_ measurement: () -> Result<Double, Failure>) -> Result<Double, Failure> {
        var values: [Double] = []
        for _ in 0..<repetitions {
            switch measurement() {
            case .success(let value): values.append(value)
            case .failure(let failure): return .failure(failure)
            }
        }
        return .success(values.sorted()[values.count / 2])
    }

    /// The PHP program: prints the nanoseconds one `include` of `path` takes, loop overhead subtracted.
    static func program(includingPath path: String) -> String {
        """
        $s = '\(path)'; $n = \(iterations);
        for ($i = 0; $i < 20; $i++) { ob_start(); include $s; ob_end_clean(); }
        $t = hrtime(true);
        for ($i = 0; $i < $n; $i++) { ob_start(); include $s; ob_end_clean(); }
        $a = hrtime(true) - $t;
        $t = hrtime(true);
        for ($i = 0; $i < $n; $i++) { ob_start(); ob_end_clean(); }
        $b = hrtime(true) - $t;
        echo intdiv($a - $b, $n);
        """
    }

    /// Microseconds per include under WasmVM (php.wasm), or nil with the reason.
    static func wasm(cliModule: Module, documentRoot: String, script: String) -> Result<Double, Failure> {
        let stdout = WASIOutputBuffer()
        let stderr = WASIOutputBuffer()
        let configuration = WASIConfiguration(
            arguments: ["php", "-r", program(includingPath: "/var/www/" + script)],
            preopens: [WASIPreopen(hostPath: documentRoot, guestPath: "/var/www", access: .readOnly)],
            stdout: .buffer(stdout), stderr: .buffer(stderr))
        do {
            let context = try WASIContext(configuration)
            _ = try context.run(cliModule, in: Store())
        } catch {
            return .failure(Failure(message: "php.wasm: \(error)"))
        }
        return parse(stdout.text, stderr: stderr.text)
    }

    /// Microseconds per include in the native CLI.
    static func native(php: String, documentRoot: String, script: String) -> Result<Double, Failure> {
        let arguments = [php, "-r", program(includingPath: documentRoot + "/" + script)]
        guard let result = try? NativeCGIProcess.run(executable: php, arguments: arguments, environment: []) else {
            return .failure(Failure(message: "cannot run \(php)"))
        }
        return parse(String(decoding: result.output, as: UTF8.self), stderr: "")
    }

    struct Failure: Error { var message: String }

    private static func parse(_ output: String, stderr: String) -> Result<Double, Failure> {
        guard let nanoseconds = Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return .failure(Failure(message: "unexpected output: \(output.prefix(200)) \(stderr.prefix(200))"))
        }
        return .success(nanoseconds / 1000)
    }
}

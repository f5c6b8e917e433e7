import Foundation
import XCTest

/// Debian's Adminer 4.8.1 behind php-server: log in to an SQLite database inside the sandbox, list its tables,
/// read rows, run an INSERT and read it back on the host.
final class AdminerTests: PHPServerTestCase {
    static let version = "4.8.1-1"

    /// Lays out a run directory (config, wrapper, package link, a database made by the host's sqlite3) and starts
    /// php-server on it. See Fixtures/adminer.conf for what the guest may reach.
    private func startAdminer() throws -> (PHPServerProcess, URL) {
        let package = try TestPaths.application("adminer", version: Self.version)
        let run = try TestPaths.makeRunDirectory("adminer")
        self.run = run
        let manager = FileManager.default
        try manager.copyItem(at: TestPaths.fixtures.appendingPathComponent("adminer.conf"),
                             to: run.appendingPathComponent("adminer.conf"))
        try manager.copyItem(at: TestPaths.fixtures.appendingPathComponent("adminer-site"),
                             to: run.appendingPathComponent("site"))
        try manager.createSymbolicLink(at: run.appendingPathComponent("adminer-package"), withDestinationURL: package)
        for directory in ["db", "tmp"] {
            try manager.createDirectory(at: run.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        let database = run.appendingPathComponent("db/shop.sqlite")
        try TestPaths.run("/usr/bin/sqlite3", [database.path], input: """
            CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER REFERENCES customers(id), total REAL);
            INSERT INTO customers (name) VALUES ('Ada'), ('Linus');
            INSERT INTO orders (customer, total) VALUES (1, 12.5);
            """)
        let server = try PHPServerProcess(arguments: ["--config", run.appendingPathComponent("adminer.conf").path],
                                          logDirectory: run)
        self.server = server
        return (server, database)
    }

    /// Logs in (no password), follows Adminer's redirect and returns the database page and its path.
    private func logIn(_ browser: BrowserSession, server: PHPServerProcess) throws -> (HTTPResponse, String) {
        let loginPage = try browser.get("/")
        XCTAssertEqual(loginPage.status, 200, server.errorLog)
        XCTAssertTrue(loginPage.text.contains("<title>Login - Adminer in WasmVM</title>"), loginPage.text)
        XCTAssertTrue(loginPage.text.contains(#"<option value="sqlite" selected>SQLite 3"#), loginPage.text)

        let login = try browser.post("/", form: [
            ("auth[driver]", "sqlite"), ("auth[server]", ""), ("auth[username]", ""), ("auth[password]", ""),
            ("auth[db]", "/db/shop.sqlite"),
        ])
        XCTAssertEqual(login.status, 302, "login: \(login.text)\n\(server.errorLog)")
        XCTAssertEqual(login.header("Location"), "?sqlite=&username=&db=%2Fdb%2Fshop.sqlite")
        XCTAssertTrue(browser.cookies.contains { $0.name == "adminer_sid" }, "no session cookie: \(login.headers)")
        let databasePath = BrowserSession.resolve(login.header("Location") ?? "", against: "/", port: server.port)
        return (try browser.get(databasePath), databasePath)
    }

    func testLogInToSQLiteAndListTables() throws {
        let (server, _) = try startAdminer()
        let browser = BrowserSession(port: server.port)
        let (database, databasePath) = try logIn(browser, server: server)
        XCTAssertEqual(database.status, 200, server.errorLog)
        XCTAssertTrue(database.text.contains("<title>Database: /db/shop.sqlite - Adminer in WasmVM</title>"),
                      database.text)
        // The "Tables and views" list: one row per table, named by its checkbox and structure link.
        let tables = HTMLScraper.matches(of: #"<input type='checkbox' name='tables\[\]' value='([^']+)'"#,
                                         in: database.text).map { $0[1] }
        XCTAssertEqual(tables, ["customers", "orders"], database.text)
        XCTAssertTrue(database.text.contains(
            "<a href='?sqlite=&amp;username=&amp;db=%2Fdb%2Fshop.sqlite&amp;table=customers' title='Show structure' "
            + "id='Table-customers'>customers</a>"), database.text)

        // The page fills in row counts from a JSON request; PHP warnings must not end up inside it
        // (Adminer 4.8.1 warns on PHP 8.2; the configuration sends warnings to the log).
        let counts = try browser.get(databasePath + "&script=db")
        XCTAssertEqual(counts.status, 200, server.errorLog)
        XCTAssertEqual(counts.header("Content-Type"), "text/javascript; charset=utf-8")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: counts.body) as? [String: Any], counts.text)
        XCTAssertEqual(json["Rows-customers"] as? String, "2", counts.text)
        XCTAssertEqual(json["Rows-orders"] as? String, "1", counts.text)

        // Rows of a table, read by Adminer through the guest's SQLite.
        let select = try browser.get(databasePath + "&select=customers")
        XCTAssertEqual(select.status, 200, server.errorLog)
        XCTAssertTrue(select.text.contains("<title>Select: customers - Adminer in WasmVM</title>"), select.text)
        let names = HTMLScraper.matches(of: #"<td id='val\[[^']*\]\[name\]' data-text='1'>([^<]*)</td>"#,
                                        in: select.text).map { $0[1] }
        XCTAssertEqual(names, ["Ada", "Linus"], select.text)

        // Without the session cookie the same URL is the login form again, not the table list.
        let stranger = try BrowserSession(port: server.port).get(databasePath)
        XCTAssertFalse(stranger.text.contains("name='tables[]'"), stranger.text)
        XCTAssertTrue(stranger.text.contains("name=\"auth[password]\""), stranger.text)

        // A host file outside the preopens does not exist for the guest: Adminer cannot open it.
        let outside = BrowserSession(port: server.port)
        let escape = try outside.post("/", form: [
            ("auth[driver]", "sqlite"), ("auth[server]", ""), ("auth[username]", ""), ("auth[password]", ""),
            ("auth[db]", "/db/../../etc/passwd"),
        ])
        XCTAssertEqual(escape.status, 302, server.errorLog)
        let refused = try outside.follow(escape, from: "/")
        XCTAssertTrue(refused.text.contains("<div class='error'>Invalid database."), refused.text)
        XCTAssertFalse(refused.text.contains("name='tables[]'"), refused.text)
    }

    func testSQLCommandWritesToTheDatabase() throws {
        let (server, database) = try startAdminer()
        let browser = BrowserSession(port: server.port)
        let (_, databasePath) = try logIn(browser, server: server)

        let sqlPage = try browser.get(databasePath + "&sql=")
        XCTAssertEqual(sqlPage.status, 200, server.errorLog)
        let form = try XCTUnwrap(HTMLScraper.form(containing: #"id="form""#, in: sqlPage.text), sqlPage.text)
        let token = try XCTUnwrap(HTMLScraper.inputs(in: form)["token"], form)
        XCTAssertTrue(token.contains(":"), token)

        let executed = try browser.post(databasePath + "&sql=", form: [
            ("query", "INSERT INTO customers (name) VALUES ('Grace')"), ("limit", ""), ("token", token),
        ])
        XCTAssertEqual(executed.status, 200, server.errorLog)
        XCTAssertTrue(executed.text.contains("<p class='message' title=''>Query executed OK, 1 row affected."),
                      executed.text)
        // The write really reached the host file, through the guest's SQLite and the rw preopen.
        let rows = try TestPaths.run("/usr/bin/sqlite3", [database.path, "SELECT id, name FROM customers ORDER BY id"])
        XCTAssertEqual(rows, "1|Ada\n2|Linus\n3|Grace\n")

        // A wrong token is refused and changes nothing.
        let forged = try browser.post(databasePath + "&sql=", form: [
            ("query", "DELETE FROM customers"), ("limit", ""), ("token", "1:2"),
        ])
        XCTAssertTrue(forged.text.contains("Invalid CSRF token."), forged.text)
        XCTAssertEqual(try TestPaths.run("/usr/bin/sqlite3", [database.path, "SELECT count(*) FROM customers"]), "3\n")
    }
}

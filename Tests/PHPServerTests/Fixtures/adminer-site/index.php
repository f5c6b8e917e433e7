<?php
/*
 * Adminer (Debian's /usr/share/adminer/adminer.php, unmodified) for SQLite files inside the WasmVM sandbox.
 *
 * Adminer refuses to open a database without a password, and SQLite has none, unless the page customizes the
 * Adminer object the documented way (https://www.adminer.org/en/extension/): adminer_object() returns a subclass
 * before adminer.php is included. Here login() lets everyone in. That is acceptable only because the guest can
 * reach nothing but what php-server preopens for it: Adminer's code (read-only), this file (read-only), the
 * database directory /db and /tmp for the session files.
 *
 * Debian's version-noverify plugin is enabled like in its /etc/adminer/conf.php: no request to adminer.org.
 */
function adminer_object() {
    include_once '/usr/share/adminer/plugins/plugin.php';
    include_once '/usr/share/adminer/plugins/version-noverify.php';

    class SandboxAdminer extends AdminerPlugin {
        /** Page title and heading: says which copy of Adminer this is. */
        function name() {
            return 'Adminer in WasmVM';
        }

        /** Password-less login: the sandbox, not a password, limits what can be opened. */
        function login($login, $password) {
            return true;
        }

        /** Offers SQLite and the sandbox's database directory in the login form. */
        function loginFormField($name, $heading, $value) {
            if ($name == 'driver') {
                $value = str_replace(['<option value="server" selected>', '<option value="sqlite">'],
                                     ['<option value="server">', '<option value="sqlite" selected>'], $value);
            } elseif ($name == 'db') {
                $value = str_replace('name="auth[db]" value=""', 'name="auth[db]" value="/db/"', $value);
            }
            return parent::loginFormField($name, $heading, $value);
        }
    }

    return new SandboxAdminer([new AdminerVersionNoverify()]);
}

include '/usr/share/adminer/adminer.php';

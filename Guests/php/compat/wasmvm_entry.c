/* Guests/php/compat/wasmvm_entry.c -- snapshot-warm entry points of php-cgi.
 *
 * Why this exists: a cold php-cgi.wasm request pays for the whole PHP module
 * startup (ini parsing, MINIT of ~30 extensions, interned strings, function
 * tables) before the first byte of the script runs. The host can instead run
 * that part once, snapshot the instance's memory and globals, and serve every
 * request from a fresh copy of the snapshot. main() in cgi_main.c does both
 * halves in one call, so it is split here into two exports:
 *
 *   wasmvm_init()   -> 0 on success: request-independent start-up
 *                      (= main() up to the request loop, CGI mode).
 *   wasmvm_handle() -> the CGI exit status: one request, exactly as main()'s
 *                      non-FastCGI path serves it.
 *
 * Why #included at the end of cgi_main.c (patch 0009, build.sh copies this
 * file next to it): init_request_info(), php_cgi_globals_ctor(), the
 * cgi_sapi_module and the ini/option tables are all `static` there.
 *
 * Only the reactor build compiles it: build.sh compiles cgi_main.c a second
 * time with -DWASMVM_WARM_ENTRY and links php-cgi-warm.wasm with
 * -mexec-model=reactor -Wl,--export=wasmvm_init,--export=wasmvm_handle.
 * php-cgi.wasm (the cold command module) is byte for byte unchanged.
 */
#ifdef __wasi__

#include <wasi/api.h>
#include <wasi/libc-environ.h>

/* Library seeds that module start-up fixes and that must not be shared by all
 * requests served from one snapshot (see wasmvm_reseed_per_request()). */
#ifdef HAVE_LIBXML
void xmlDictCleanup(void);
#endif
#if defined(HAVE_SQLITE3) || defined(HAVE_PDO_SQLITE)
void sqlite3_randomness(int n, void *buffer);
#endif

/* State computed by wasmvm_init() and read by wasmvm_handle(); all of it is
 * request-independent, so it is safe in the snapshot. */
static int wasmvm_behavior = PHP_MODE_STANDARD;     /* -s selects highlighting */
static struct php_ini_builder wasmvm_ini_builder;   /* owns cgi_sapi_module.ini_entries */
static int wasmvm_initialized = 0;

/* A reactor has no crt1 main(argc, argv): read the WASI arguments ourselves.
 * The strings are allocated once and live in the snapshot
 * (cgi_sapi_module.executable_location points into them). */
static char **wasmvm_read_args(int *argc_out)
{
	__wasi_size_t argc = 0, buf_size = 0;
	char **argv;
	char *buf;

	*argc_out = 0;
	if (__wasi_args_sizes_get(&argc, &buf_size) != __WASI_ERRNO_SUCCESS) {
		return NULL;
	}
	argv = calloc(argc + 1, sizeof(char *));
	buf = malloc(buf_size ? buf_size : 1);
	if (!argv || !buf) {
		return NULL;
	}
	if (argc && __wasi_args_get((uint8_t **)argv, (uint8_t *)buf) != __WASI_ERRNO_SUCCESS) {
		return NULL;
	}
	argv[argc] = NULL;
	*argc_out = (int)argc;
	return argv;
}

/* Everything request-independent that main() does before its request loop.
 * The warm guest always runs as a CGI program (the host always passes
 * REQUEST_METHOD), so main()'s "cgi" flag is taken as set:
 *  - no `dl()` (main() adds it only outside CGI mode);
 *  - the second option pass (-f, -i, -v, -q ...) and script-from-argv are
 *    outside CGI mode only, so they do not exist here;
 *  - the REDIRECT_STATUS check reads the request environment, so it runs
 *    in wasmvm_handle();
 *  - main() skips option parsing when QUERY_STRING holds no '=' and starts
 *    with '-' (Apache passes such query strings as argv). Here argv comes from
 *    the host's snapshot configuration, never from a request, and
 *    QUERY_STRING is a request variable that init must not read, so the
 *    options are always parsed.
 * Options honoured: -c <path|file>, -n, -d foo[=bar], -s. (-b needs sockets.)
 * No CGI request variable and no stdin byte is read here. */
int wasmvm_init(void)
{
	int argc, c;
	char **argv;
	int orig_optind = php_optind;
	char *orig_optarg = php_optarg;

	if (wasmvm_initialized) {
		return 1;
	}
	argv = wasmvm_read_args(&argc);
	if (!argv || argc < 1) {
		fprintf(stderr, "wasmvm_init: cannot read the WASI arguments\n");
		return 1;
	}

#if defined(SIGPIPE) && defined(SIG_IGN)
	signal(SIGPIPE, SIG_IGN);
#endif
	zend_signal_startup();
	php_cgi_globals_ctor(&php_cgi_globals);
	sapi_startup(&cgi_sapi_module);
	/* fcgi_init() asks getpeername(0), which fails with ENOSYS under WASI:
	 * never FastCGI. Checked anyway, since a FastCGI guest would need the
	 * fcgi_* callbacks that this entry does not install. */
	if (fcgi_is_fastcgi()) {
		fprintf(stderr, "wasmvm_init: stdin is a FastCGI socket, unsupported\n");
		return 1;
	}
	cgi_sapi_module.php_ini_path_override = NULL;

	php_ini_builder_init(&wasmvm_ini_builder);
	while ((c = php_getopt(argc, argv, OPTIONS, &php_optarg, &php_optind, 0, 2)) != -1) {
		switch (c) {
			case 'c':
				if (cgi_sapi_module.php_ini_path_override) {
					free(cgi_sapi_module.php_ini_path_override);
				}
				cgi_sapi_module.php_ini_path_override = strdup(php_optarg);
				break;
			case 'n':
				cgi_sapi_module.php_ini_ignore = 1;
				break;
			case 'd':
				php_ini_builder_define(&wasmvm_ini_builder, php_optarg);
				break;
			case 's':
				wasmvm_behavior = PHP_MODE_HIGHLIGHT;
				break;
		}
	}
	php_optind = orig_optind;
	php_optarg = orig_optarg;
	cgi_sapi_module.ini_entries = php_ini_builder_finish(&wasmvm_ini_builder);
	cgi_sapi_module.executable_location = argv[0];

	/* php_cgi_startup -> php_module_startup: php.ini lookup (PHPRC, -c, next to
	 * argv[0], PHP_CONFIG_FILE_PATH), MINIT of every extension. */
	if (cgi_sapi_module.startup(&cgi_sapi_module) == FAILURE) {
		return 1;
	}

#ifndef HAVE_ATTRIBUTE_WEAK
	fcgi_set_logger(fcgi_log);
#endif
	/* make php call us to get _ENV vars (as main() does) */
	php_php_import_environment_variables = php_import_environment_variables;
	php_import_environment_variables = cgi_php_import_environment_variables;

	fflush(stdout);
	fflush(stderr);
	wasmvm_initialized = 1;
	return 0;
}

/* Seeds fixed during module start-up would be identical in every request
 * served from one snapshot. PHP's own generators are safe: ext/random resets
 * mt_rand and the combined LCG in RINIT and seeds them lazily on first use;
 * random_bytes()/session ids come from getentropy() each time (patch 0005).
 * Two libraries are not:
 *  - libxml2 seeds its dictionary/hash randomisation (hash-flooding defence)
 *    from time(NULL) in xmlInitParser(), i.e. in MINIT. xmlDictCleanup() makes
 *    the next dictionary re-seed from the request's time, as a cold start
 *    would (it frees only a no-op mutex: libxml2 is built without threads).
 *  - SQLite's PRNG (temp names, random(), randomblob()) is seeded lazily; a
 *    zero-length sqlite3_randomness() call forgets any state so that it is
 *    re-seeded in this request should start-up ever have touched it. */
static void wasmvm_reseed_per_request(void)
{
#ifdef HAVE_LIBXML
	xmlDictCleanup();
#endif
#if defined(HAVE_SQLITE3) || defined(HAVE_PDO_SQLITE)
	sqlite3_randomness(0, NULL);
#endif
}

/* One CGI request: main()'s path for cgi=1, fastcgi=0, without the module
 * shutdown at the end (the host discards the instance, and leaving the module
 * running lets the same instance serve another wasmvm_handle()).
 * Returns the CGI exit status (0..125, as patch 0007 maps main()'s). A fatal
 * error still ends the instance with proc_exit(1) from patch 0001. */
int wasmvm_handle(void)
{
	zend_file_handle file_handle;
	int exit_status = 0;

	if (!wasmvm_initialized) {
		fprintf(stderr, "wasmvm_handle: wasmvm_init has not run\n");
		return 1;
	}
	/* wasi-libc reads the environment once and caches it; the snapshot holds
	 * the one seen by wasmvm_init. Drop it and read this request's. (The old
	 * strings leak: only putenv()ed ones are freed, which is harmless here.) */
	__wasilibc_deinitialize_environ();
	__wasilibc_initialize_environ();
	wasmvm_reseed_per_request();

	/* main() checks cgi.force_redirect right after start-up; it depends on the
	 * request environment, so it belongs here. Same text, status and exit. */
	if (CGIG(force_redirect)) {
		const char *redirect_status_env = CGIG(redirect_status_env);
		if (!redirect_status_env) {
			redirect_status_env = "REDIRECT_STATUS";
		}
		if (!getenv(redirect_status_env)) {
			zend_try {
				SG(sapi_headers).http_response_code = 400;
				PUTS("<b>Security Alert!</b> The PHP CGI cannot be accessed directly.\n\n\
<p>This PHP CGI binary was compiled with force-cgi-redirect enabled.  This\n\
means that a page will only be served up if the REDIRECT_STATUS CGI variable is\n\
set, e.g. via an Apache Action directive.</p>\n\
<p>For more information as to <i>why</i> this behaviour exists, see the <a href=\"http://php.net/security.cgi-bin\">\
manual page for CGI security</a>.</p>\n\
<p>For more information about changing this behaviour or re-enabling this webserver,\n\
consult the installation file that came with this distribution, or visit \n\
<a href=\"http://php.net/install.windows\">the manual page</a>.</p>\n");
			} zend_catch {
			} zend_end_try();
			fflush(stdout);
			return 1;   /* main() returns FAILURE (-1), mapped to 1 by patch 0007 */
		}
	}

	/* Not reset by php_request_startup(); matters when one instance serves
	 * a second request. */
	EG(exit_status) = 0;
	SG(server_context) = (void *) 1;
	init_request_info(NULL);

	if (php_request_startup() == FAILURE) {
		SG(server_context) = NULL;
		fflush(stdout);
		return 1;
	}

	if (php_fopen_primary_script(&file_handle) == FAILURE) {
		zend_try {
			if (errno == EACCES) {
				SG(sapi_headers).http_response_code = 403;
				PUTS("Access denied.\n");
			} else {
				SG(sapi_headers).http_response_code = 404;
				PUTS("No input file specified.\n");
			}
		} zend_catch {
		} zend_end_try();
		if (SG(request_info).path_translated) {
			efree(SG(request_info).path_translated);
			SG(request_info).path_translated = NULL;
		}
		php_request_shutdown((void *) 0);
		SG(server_context) = NULL;
		fflush(stdout);
		fflush(stderr);
		return 1;   /* main() returns FAILURE here too */
	}

	if (CGIG(check_shebang_line)) {
		CG(skip_shebang) = 1;
	}

	if (wasmvm_behavior == PHP_MODE_HIGHLIGHT) {
		zend_syntax_highlighter_ini syntax_highlighter_ini;
		if (open_file_for_scanning(&file_handle) == SUCCESS) {
			php_get_highlight_struct(&syntax_highlighter_ini);
			zend_highlight(&syntax_highlighter_ini);
		}
	} else {
		php_execute_script(&file_handle);
	}

	zend_destroy_file_handle(&file_handle);
	if (SG(request_info).path_translated) {
		efree(SG(request_info).path_translated);
		SG(request_info).path_translated = NULL;
	}

	php_request_shutdown((void *) 0);
	exit_status = EG(exit_status);
	SG(server_context) = NULL;

	fflush(stdout);
	fflush(stderr);
	/* Same mapping as patch 0007: WASI hosts accept exit codes 0..125. */
	if (exit_status < 0 || exit_status > 125) {
		exit_status = 1;
	}
	return exit_status;
}

#endif /* __wasi__ */

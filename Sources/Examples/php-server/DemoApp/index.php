<?php
/*
 * Guestbook: the php-server demo application.
 *
 * Runs inside php-cgi.wasm with two capabilities only: its own files read-only at /app, and a writable /data
 * (GUESTBOOK_DATA) for the SQLite database and the session files. Every request is a fresh PHP instance, so all
 * state lives in those two places.
 */
declare(strict_types=1);

const PAGE_SIZE = 10;
const MAX_NAME = 80;
const MAX_MESSAGE = 2000;

$dataDir = getenv('GUESTBOOK_DATA') ?: '/data';

// Sessions: files in the data directory (there is no /tmp in the sandbox unless the host grants one).
$sessionDir = $dataDir . '/sessions';
if (!is_dir($sessionDir)) {
    @mkdir($sessionDir, 0700, true);
}
session_save_path($sessionDir);
// Always rewrite the session file instead of only touching it: the touch is utime(path, NULL), which this
// guest's wasi-libc turns into "set the times to 0" (1970), and session GC then deletes live sessions.
ini_set('session.lazy_write', '0');
session_name('guestbook');
session_set_cookie_params(['httponly' => true, 'samesite' => 'Lax', 'path' => '/']);
session_start();
if (empty($_SESSION['csrf'])) {
    $_SESSION['csrf'] = bin2hex(random_bytes(16));
}

function h(string $text): string
{
    return htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
}

function database(string $dataDir): PDO
{
    $pdo = new PDO('sqlite:' . $dataDir . '/guestbook.sqlite', null, null, [
        PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
        PDO::ATTR_DEFAULT_FETCH_MODE => PDO::FETCH_ASSOC,
    ]);
    $pdo->exec('CREATE TABLE IF NOT EXISTS entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at INTEGER NOT NULL
    )');
    return $pdo;
}

/** The URL path of this app's root, so links work whatever location prefix the server mounts it under. */
function base_path(): string
{
    $dir = rtrim(str_replace('\\', '/', dirname($_SERVER['SCRIPT_NAME'] ?? '/index.php')), '/');
    return $dir . '/';
}

function redirect(string $to): never
{
    header('Location: ' . $to, true, 303);
    exit;
}

$pdo = database($dataDir);
$errors = [];
$name = '';
$message = '';

if (($_SERVER['REQUEST_METHOD'] ?? 'GET') === 'POST') {
    $name = trim((string)($_POST['name'] ?? ''));
    $message = trim((string)($_POST['message'] ?? ''));
    $token = (string)($_POST['csrf'] ?? '');
    if (!hash_equals($_SESSION['csrf'], $token)) {
        $errors[] = 'Your form expired. Please try again.';
        http_response_code(400);
    }
    if ($name === '' || mb_strlen($name) > MAX_NAME) {
        $errors[] = 'Please give a name of 1 to ' . MAX_NAME . ' characters.';
    }
    if ($message === '' || mb_strlen($message) > MAX_MESSAGE) {
        $errors[] = 'Please write a message of 1 to ' . MAX_MESSAGE . ' characters.';
    }
    if (!$errors) {
        $insert = $pdo->prepare('INSERT INTO entries (name, message, created_at) VALUES (?, ?, ?)');
        $insert->execute([$name, $message, time()]);
        $_SESSION['flash'] = 'Thank you for signing the guestbook!';
        redirect(base_path());
    }
    if (http_response_code() === 200) {
        http_response_code(422);
    }
}

$total = (int)$pdo->query('SELECT COUNT(*) FROM entries')->fetchColumn();
$pages = max(1, (int)ceil($total / PAGE_SIZE));
$page = filter_var($_GET['page'] ?? 1, FILTER_VALIDATE_INT, ['options' => ['min_range' => 1]]) ?: 1;
$page = min($page, $pages);
$select = $pdo->prepare('SELECT id, name, message, created_at FROM entries ORDER BY id DESC LIMIT ? OFFSET ?');
$select->bindValue(1, PAGE_SIZE, PDO::PARAM_INT);
$select->bindValue(2, ($page - 1) * PAGE_SIZE, PDO::PARAM_INT);
$select->execute();
$entries = $select->fetchAll();

$flash = $_SESSION['flash'] ?? null;
unset($_SESSION['flash']);
$base = base_path();

header('Content-Type: text/html; charset=utf-8');
header("Content-Security-Policy: default-src 'self'");
?>
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Guestbook<?= $page > 1 ? ' – page ' . $page : '' ?></title>
<link rel="stylesheet" href="<?= h($base) ?>style.css">
</head>
<body>
<main>
<h1>Guestbook</h1>
<p class="meta">PHP <?= h(PHP_VERSION) ?> on <?= h(PHP_OS) ?>, served by <?= h($_SERVER['SERVER_SOFTWARE'] ?? 'unknown') ?>
 · <?= $total ?> <?= $total === 1 ? 'entry' : 'entries' ?></p>

<?php if ($flash): ?>
<p class="flash"><?= h($flash) ?></p>
<?php endif; ?>

<form method="post" action="<?= h($base) ?>">
<?php foreach ($errors as $error): ?>
  <p class="error"><?= h($error) ?></p>
<?php endforeach; ?>
  <input type="hidden" name="csrf" value="<?= h($_SESSION['csrf']) ?>">
  <label>Name <input name="name" maxlength="<?= MAX_NAME ?>" required value="<?= h($name) ?>"></label>
  <label>Message <textarea name="message" rows="4" maxlength="<?= MAX_MESSAGE ?>" required><?= h($message) ?></textarea></label>
  <button type="submit">Sign the guestbook</button>
</form>

<?php if (!$entries): ?>
<p class="empty">No entries yet. Be the first!</p>
<?php endif; ?>
<ol class="entries">
<?php foreach ($entries as $entry): ?>
  <li id="entry-<?= (int)$entry['id'] ?>">
    <p class="who"><strong><?= h($entry['name']) ?></strong>
      <time datetime="<?= gmdate('c', (int)$entry['created_at']) ?>"><?= gmdate('Y-m-d H:i', (int)$entry['created_at']) ?> UTC</time></p>
    <p class="message"><?= nl2br(h($entry['message'])) ?></p>
  </li>
<?php endforeach; ?>
</ol>

<?php if ($pages > 1): ?>
<nav class="pages">
<?php if ($page > 1): ?><a rel="prev" href="<?= h($base) ?>?page=<?= $page - 1 ?>">« Newer</a><?php endif; ?>
  <span>Page <?= $page ?> of <?= $pages ?></span>
<?php if ($page < $pages): ?><a rel="next" href="<?= h($base) ?>?page=<?= $page + 1 ?>">Older »</a><?php endif; ?>
</nav>
<?php endif; ?>
</main>
</body>
</html>

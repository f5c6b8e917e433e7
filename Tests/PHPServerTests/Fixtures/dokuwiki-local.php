<?php
/*
 * DokuWiki settings for the php-server tests and screenshots (copied to /etc/dokuwiki/local.php of each run).
 * No access control: anyone may read and edit. The sandbox holds nothing but this wiki's own copy.
 */
$conf['title']  = 'WasmVM Wiki';
$conf['useacl'] = 0;

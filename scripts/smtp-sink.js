#!/usr/bin/env node
// A local SMTP sink for `scripts/start.sh` runs without Docker (where Mailpit would take the mail):
// it accepts every message on SMTP_SINK_HOST:SMTP_SINK_PORT (127.0.0.1:1025, Mailpit's port), saves
// it whole to SMTP_SINK_DIR (.run/mail/<time>-<n>.eml, openable in any mail client) and prints one
// line per message with its recipients, subject and plain-text body. Development only: no TLS, no
// authentication, nothing is ever relayed. No dependencies, so it runs before `pnpm install`.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const host = process.env.SMTP_SINK_HOST || '127.0.0.1';
const port = Number(process.env.SMTP_SINK_PORT || 1025);
const dir = process.env.SMTP_SINK_DIR || path.resolve(__dirname, '..', '.run', 'mail');
/** Larger messages are refused (552): a sink must not fill the disk. */
const MAX_BYTES = 10 * 1024 * 1024;

fs.mkdirSync(dir, { recursive: true });
let count = 0;

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) in a header value. */
function decodeWords(value) {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, _charset, encoding, text) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(text) {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_all, hex) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Splits a MIME entity into its headers (names lower-cased, folded lines joined) and its body. */
function parseEntity(raw) {
  const end = raw.search(/\r?\n\r?\n/);
  const head = end < 0 ? raw : raw.slice(0, end);
  const body = end < 0 ? '' : raw.slice(end).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

/** The text/plain part of a message, decoded; empty when it has none. */
function plainText(raw) {
  const { headers, body } = parseEntity(raw);
  const type = headers['content-type'] || 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type);
  if (/^multipart\//i.test(type) && boundary) {
    for (const part of body.split(`--${boundary[1]}`).slice(1)) {
      const text = plainText(part.replace(/^\r?\n/, ''));
      if (text) return text;
    }
    return '';
  }
  if (!/^text\/plain/i.test(type)) return '';
  const encoding = (headers['content-transfer-encoding'] || '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

function saveMessage(envelope, raw) {
  count += 1;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `${stamp}-${count}.eml`);
  fs.writeFileSync(file, raw);
  const { headers } = parseEntity(raw);
  const text = plainText(raw).trim();
  const rule = '-'.repeat(72);
  process.stdout.write(
    `${new Date().toISOString()} mail for ${envelope.to.join(', ')} from ${envelope.from || '<>'}\n` +
      `Subject: ${decodeWords(headers.subject || '')}\nSaved as: ${path.relative(process.cwd(), file)}\n` +
      `${rule}\n${text}\n${rule}\n\n`,
  );
}

const server = net.createServer((socket) => {
  socket.setEncoding('latin1');
  let buffer = '';
  let data = null;
  let envelope = { from: '', to: [] };
  const reply = (line) => socket.write(`${line}\r\n`);

  function command(line) {
    const verb = line.slice(0, 4).toUpperCase();
    if (verb === 'EHLO') return reply(`250-${host} ticres smtp sink\r\n250 SIZE ${MAX_BYTES}`);
    if (verb === 'HELO') return reply(`250 ${host}`);
    if (verb === 'MAIL') {
      envelope = { from: (/<([^>]*)>/.exec(line) || [])[1] || '', to: [] };
      return reply('250 OK');
    }
    if (verb === 'RCPT') {
      envelope.to.push((/<([^>]*)>/.exec(line) || [])[1] || line.slice(8).trim());
      return reply('250 OK');
    }
    if (verb === 'DATA') {
      if (envelope.to.length === 0) return reply('503 RCPT first');
      data = [];
      return reply('354 End data with <CR><LF>.<CR><LF>');
    }
    if (verb === 'RSET') {
      envelope = { from: '', to: [] };
      return reply('250 OK');
    }
    if (verb === 'NOOP') return reply('250 OK');
    if (verb === 'QUIT') {
      reply('221 Bye');
      return socket.end();
    }
    return reply('502 Command not implemented');
  }

  socket.on('data', (chunk) => {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 2);
      if (data === null) {
        command(line);
      } else if (line === '.') {
        const raw = Buffer.from(data.join('\r\n'), 'latin1').toString('utf8');
        data = null;
        if (raw.length > MAX_BYTES) {
          reply('552 Message too large');
        } else {
          saveMessage(envelope, raw);
          reply('250 OK: saved');
        }
        envelope = { from: '', to: [] };
      } else {
        data.push(line.startsWith('..') ? line.slice(1) : line);
      }
    }
  });
  socket.on('error', () => socket.destroy());
  reply(`220 ${host} ticres smtp sink ready`);
});

server.on('error', (error) => {
  process.stderr.write(`smtp sink: ${error.message}\n`);
  process.exit(1);
});
server.listen(port, host, () => {
  process.stdout.write(`smtp sink listening on ${host}:${port}; messages saved in ${dir}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1_000).unref();
  });
}

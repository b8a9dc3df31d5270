import type { Email, RenderContext } from '../notification';

/** A template's content before layout: every value is plain text; the layout escapes it for HTML. */
export interface EmailContent {
  subject: string;
  /** The first sentence after the greeting. */
  intro: string;
  /** Label/value pairs shown as a table: event, seats, amount... */
  facts: readonly (readonly [label: string, value: string])[];
  /** "What happens next", one paragraph each. */
  next: readonly string[];
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML element or a quoted attribute. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);

/** Control characters (newlines included) collapsed to spaces: a name must not break a header line. */
export const oneLine = (value: string): string => value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per time zone, made once: building an Intl.DateTimeFormat costs about a
 * millisecond of CPU, as much as the rest of rendering a mail (seen in the on-sale profile).
 * The zones are IANA names, a bounded set.
 */
function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    dateTimeFormats.set(timeZone, format);
  }
  return format;
}

/** `Sat, 1 Mar 2031, 19:00 UTC` in the given IANA zone. */
export const formatDateTime = (at: Date, timeZone: string): string => dateTimeFormat(timeZone).format(at);

function renderText({ intro, facts, next }: EmailContent, { recipientName }: RenderContext): string {
  const width = Math.max(...facts.map(([label]) => label.length)) + 2;
  return [
    `Hi ${oneLine(recipientName)},`,
    '',
    intro,
    '',
    ...facts.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`),
    '',
    'What happens next',
    ...next.flatMap((paragraph) => ['', paragraph]),
    '',
    '-- TicRes',
    '',
  ].join('\n');
}

function renderHtml({ subject, intro, facts, next }: EmailContent, { recipientName }: RenderContext): string {
  const rows = facts
    .map(
      ([label, value]) =>
        `<tr><th align="left" style="padding:4px 16px 4px 0">${escapeHtml(label)}</th><td style="padding:4px 0">${escapeHtml(value)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:sans-serif;line-height:1.5;color:#222">
<p>Hi ${escapeHtml(oneLine(recipientName))},</p>
<p>${escapeHtml(intro)}</p>
<table role="presentation">
${rows}
</table>
<h2 style="font-size:1.1em">What happens next</h2>
${next.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n')}
<p style="color:#666">&mdash; TicRes</p>
</body>
</html>
`;
}

/** Lays a template's content out as the text and the HTML part of one mail. */
export function renderEmail(content: EmailContent, context: RenderContext): Email {
  return { subject: oneLine(content.subject), text: renderText(content, context), html: renderHtml(content, context) };
}

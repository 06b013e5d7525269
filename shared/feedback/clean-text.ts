/**
 * Developer text with what is not prose taken out, before it is scored or mined for key phrases:
 * in GitHub and Slack text, words like "error", "fail" or "kill" inside code, logs and stack traces
 * describe the program, not the writer's mood, and URLs, mentions and issue-template boilerplate
 * only add noise.
 */

/** A line that is machine output or template, not something the writer said. */
const NON_PROSE_LINE = new RegExp(
  [
    '>', // quoted reply (Markdown, e-mail)
    'On .{4,80} wrote:\\s*$', // e-mail reply header
    'at\\s+[\\w$.<>/]+\\s*\\(', // JVM / Node.js stack frame
    'at\\s+\\S+:\\d+', // Node.js stack frame without a function name
    'at \\w+ \\(native\\)',
    '\\.{3} \\d+ more\\b', // JVM "... 12 more"
    'Caused by:',
    '[\\w$]+(\\.[\\w$]+)+(Exception|Error)\\b', // java.lang.IllegalStateException: …
    'Traceback \\(most recent',
    'File "[^"]+", line \\d+', // Python frame
    'goroutine \\d+ \\[',
    'panic:',
    '\\S+\\.(go|rs|py|js|ts|java|rb|c|cc|cpp|h):\\d+', // file:line
    '\\[?\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}', // timestamped log line
    '\\d{2}:\\d{2}:\\d{2}[.,]\\d+', // time-only log line
    '\\[?(ERROR|WARN|WARNING|INFO|DEBUG|TRACE|FATAL)\\b', // log level (upper case only: "Error" may start prose)
    '[EWIF]\\d{4} \\d{2}:\\d{2}', // klog / glog
    '\\{\\s*"(level|msg|time|ts|severity)"', // JSON log line
    '\\$ ', // shell prompt
    '#{1,6}\\s', // Markdown heading: in feedback almost always an issue-template section
    '[-*] \\[[ xX]\\]', // template checkbox
    '\\*\\*[^*]+\\*\\*:?\\s*$', // a bold-only line: a template heading
    '\\|.*\\|\\s*$', // Markdown table row
  ]
    .map((p) => `(?:${p})`)
    .join('|')
    .replace(/^/, '^\\s*(?:')
    .concat(')'),
);
/** Markdown indented code: four spaces or a tab, unless it is a nested list item. */
const INDENTED_CODE = /^(?: {4}|\t)(?!\s*(?:[-*+]|\d+[.)])\s)/;

/**
 * Removes fenced and inline code, URLs, HTML comments and `<details>` blocks, quoted replies,
 * stack traces, log lines, shell commands, issue-template headings and checkboxes, and @mentions;
 * keeps the text of Markdown and Slack links. Whitespace is collapsed within lines.
 *
 * @example cleanDeveloperText('Thanks @bob! `kill -9` fixed it, see https://x.io') // 'Thanks ! fixed it, see'
 */
export function cleanDeveloperText(text: string): string {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<details>[\s\S]*?(?:<\/details>|$)/gi, ' ')
    .replace(/^\s*(```|~~~)[\s\S]*?(?:^\s*\1|$(?![\s\S]))/gm, ' ')
    .replace(/```[\s\S]*?(?:```|$)/g, ' ') // fences that do not start a line
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ') // images
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // Markdown links: keep the text
    .replace(/<(?:https?:\/\/|mailto:)[^|>]*\|([^>]*)>/g, '$1') // Slack links with text
    .replace(/<[@#!][^>]*>/g, ' ') // Slack mentions, channels and commands
    .replace(/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi, ' ') // remaining HTML tags
    .replace(/\b(?:https?:\/\/|www\.)\S+/g, ' ')
    .replace(/(^|[^\w@])@[\w-]+(?:\/[\w.-]+)?/g, '$1 '); // @user, @org/team
  return blocks
    .split('\n')
    .filter((line) => !NON_PROSE_LINE.test(line) && !INDENTED_CODE.test(line))
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

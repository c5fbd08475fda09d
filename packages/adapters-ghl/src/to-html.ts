const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Plain text paragraphs as the HTML GHL requires for e-mail (a `message` alone is
 * reported to fail): blank lines separate paragraphs, single newlines become `<br>`.
 *
 * @category adapters
 */
export const toHtml = (body: string): string =>
  body
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');

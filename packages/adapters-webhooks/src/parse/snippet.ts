const SNIPPET_LENGTH = 280;

/**
 * A short plain-text preview of a reply for the operator: tags dropped, whitespace
 * collapsed, at most 280 characters; undefined when nothing is left.
 *
 * @category adapters
 */
export const snippet = (text: string | null | undefined): string | undefined => {
  // Only the head is read, so the tag pattern never scans a megabyte of unclosed '<'.
  const plain = (text ?? '').slice(0, SNIPPET_LENGTH * 8).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, SNIPPET_LENGTH);
  return plain || undefined;
};

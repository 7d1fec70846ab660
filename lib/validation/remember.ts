/**
 * `compute`, remembered per text: the rules ask about the same few values again and again (each
 * resource's versions, image, memory sizes and mount paths). At most `max` texts are kept; past
 * that a value is computed each time, so no input can grow the memory it takes.
 */
export function remembered<T>(compute: (text: string) => T, max: number): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    if (known.has(text)) return known.get(text) as T;
    const value = compute(text);
    if (known.size < max) known.set(text, value);
    return value;
  };
}

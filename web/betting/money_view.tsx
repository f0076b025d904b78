/** The "DEMO MONEY" label that goes wherever demo money shows. */

/** The second word, with its space (hidden on phones where `compact`). */
const MORE = " MONEY";

/**
 * The label every view of sandbox money carries. `short`: just "DEMO" (in a
 * list where each row carries it); `compact`: "DEMO MONEY", "DEMO" on phones.
 */
export function DemoTag(
  { short = false, compact = false }: { short?: boolean; compact?: boolean },
) {
  return (
    <span
      class="demo-tag"
      data-compact={compact}
      title="Demo money from the sandbox: not real, cannot be withdrawn"
    >
      DEMO{!short && <span class="demo-tag__more">{MORE}</span>}
    </span>
  );
}

/** The lane number in a small square, like the numbers above real lanes. */
export function LaneMark({ id }: { id: string }) {
  return <span class="lane-mark" aria-hidden="true">{id.length <= 3 ? id : "•"}</span>;
}

import { useEffect } from "preact/hooks";

/** A page (or a lane) that does not exist; `message` says which. */
export function NotFound({ message = "There is no page here." }: { message?: string }) {
  useEffect(() => void (document.title = "Not found · Lanecast"), []);
  return (
    <section class="page empty" data-testid="not-found">
      <h1>Gutter ball</h1>
      <p>{message}</p>
      <a class="button button--primary" href="/">See all lanes</a>
    </section>
  );
}

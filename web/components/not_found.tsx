import { useEffect } from "preact/hooks";

export function NotFound() {
  useEffect(() => void (document.title = "Not found · Lanecast"), []);
  return (
    <section class="page empty">
      <h1>Gutter ball</h1>
      <p>There is no page here.</p>
      <a class="button button--primary" href="/">See all lanes</a>
    </section>
  );
}

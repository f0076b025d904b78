/** A row of links styled as tabs, the current page's marked (`aria-current`). */
export function TabLinks(
  { label, tabs, current }: {
    label: string;
    tabs: readonly { href: string; label: string; key: string }[];
    current: string;
  },
) {
  return (
    <nav class="money-tabs" aria-label={label}>
      {tabs.map((t) => (
        <a
          key={t.key}
          href={t.href}
          class="money-tabs__tab"
          aria-current={t.key === current ? "page" : undefined}
        >
          {t.label}
        </a>
      ))}
    </nav>
  );
}

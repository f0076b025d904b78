/** Inline SVG artwork; everything is local, no icon fonts. */
import type { ComponentChildren } from "preact";

type IconProps = { size?: number };

/** The Lanecast mark: a ball rolling down a lane. */
export function Logo({ size = 28 }: IconProps) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <defs>
        <linearGradient id="logo-g" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stop-color="#ffc24a" />
          <stop offset="1" stop-color="#ff7a2f" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="9" fill="url(#logo-g)" />
      <path
        d="M11 30 L14.5 4 M21 30 L17.5 4"
        stroke="#1a1208"
        stroke-opacity=".28"
        stroke-width="1.6"
      />
      <circle cx="16" cy="20" r="6.2" fill="#14100a" />
      <circle cx="14.2" cy="18.2" r="1" fill="#ffc24a" />
      <circle cx="16.9" cy="17.6" r="1" fill="#ffc24a" />
      <circle cx="16.1" cy="20.3" r="1" fill="#ffc24a" />
    </svg>
  );
}

/** A lane in perspective with its arrows and the ten-pin triangle. */
export function LaneArt({ class: className }: { class?: string }) {
  const pins = [
    [80, 24],
    [76, 20.5],
    [84, 20.5],
    [72, 17],
    [80, 17],
    [88, 17],
    [68, 13.5],
    [76, 13.5],
    [84, 13.5],
    [92, 13.5],
  ];
  return (
    <svg
      class={className}
      viewBox="0 0 160 90"
      preserveAspectRatio="xMidYMid slice"
      aria-hidden="true"
    >
      <defs>
        <linearGradient id="lane-wood" x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stop-color="#3a2a17" stop-opacity=".35" />
          <stop offset="1" stop-color="#b07a3c" stop-opacity=".35" />
        </linearGradient>
      </defs>
      <path d="M58 8 L102 8 L132 90 L28 90 Z" fill="#0f1117" />
      <path d="M62 8 L98 8 L124 90 L36 90 Z" fill="url(#lane-wood)" />
      {[-3, -2, -1, 0, 1, 2, 3].map((i) => (
        <path
          key={i}
          d={`M${80 + i * 5} 8 L${80 + i * 12.5} 90`}
          stroke="#ffffff"
          stroke-opacity=".04"
          stroke-width=".6"
        />
      ))}
      {[-2, -1, 0, 1, 2].map((i) => (
        <path
          key={i}
          d={`M${80 + i * 8.4} 62 l-1.6 4 h3.2 Z`}
          fill="#ffb020"
          fill-opacity=".55"
        />
      ))}
      {pins.map(([x, y], i) => (
        <circle key={i} cx={x} cy={y} r="1.5" fill="#f4f1ea" fill-opacity=".8" />
      ))}
    </svg>
  );
}

/** A 24-unit line icon drawn in the current text colour. */
function StrokeIcon({ size = 18, children }: IconProps & { children: ComponentChildren }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      {children}
    </svg>
  );
}

export function StatsIcon({ size }: IconProps) {
  return (
    <StrokeIcon size={size}>
      <path d="M4 20V10M10 20V4M16 20v-7M22 20H2" />
    </StrokeIcon>
  );
}

export function FullscreenIcon({ size }: IconProps) {
  return (
    <StrokeIcon size={size}>
      <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />
    </StrokeIcon>
  );
}

export function SoundIcon({ size, muted }: IconProps & { muted: boolean }) {
  return (
    <StrokeIcon size={size}>
      <path d="M11 5 6 9H3v6h3l5 4z" />
      {muted
        ? <path d="m16 9 5 6m0-6-5 6" />
        : <path d="M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13" />}
    </StrokeIcon>
  );
}

export function BackIcon({ size }: IconProps) {
  return (
    <StrokeIcon size={size}>
      <path d="M15 18 9 12l6-6" />
    </StrokeIcon>
  );
}

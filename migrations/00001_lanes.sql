-- Lanes: one per bowling lane with a camera (or a simulated one).
-- Ids are short URL-safe slugs ("1".."24"); sort_order is the display order.

create table lanes (
  id text primary key
    constraint lanes_id_slug check (id ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
  name text not null
    constraint lanes_name_length check (char_length(btrim(name)) between 1 and 100),
  sort_order integer not null default 0,
  enabled boolean not null default true,
  -- sim: sim/ renders it; rtsp: the SFU pulls source_url through ffmpeg;
  -- whip: an encoder pushes to the SFU; browser: a phone or laptop camera.
  source_kind text not null
    constraint lanes_source_kind check (source_kind in ('sim', 'rtsp', 'whip', 'browser')),
  source_url text,
  -- Hash of the secret a camera or encoder presents to publish (never the key).
  camera_key_hash text,
  -- Lane geometry in the image (foul line, arrows, pin deck corners), as core/ defines it.
  calibration jsonb
    constraint lanes_calibration_object check (calibration is null or jsonb_typeof(calibration) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint lanes_rtsp_needs_url check (source_kind <> 'rtsp' or source_url is not null)
);

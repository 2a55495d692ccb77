// A site plan without map tiles: a square of PLAN_METRES around a centre, north up, 100 m grid, the geofence
// circle (or polygon) drawn to scale. Clicking moves the circle's centre; arrow keys nudge it. When the console is
// built with VITE_FACEATTEND_TILE_URL (an XYZ template such as https://tiles.example/{z}/{x}/{y}.png), the tiles
// around the centre are drawn underneath.
import { messages as m } from './messages';

export const PLAN_METRES = 2000;
const EARTH_RADIUS = 6_371_000;
const TILE_URL: string | undefined = import.meta.env.VITE_FACEATTEND_TILE_URL;

export interface LatLon {
  latitude: number;
  longitude: number;
}

/** Metres east/north of `origin` (equirectangular: exact enough over a 2 km plan). */
export function toMetres(origin: LatLon, point: LatLon): { x: number; y: number } {
  const rad = Math.PI / 180;
  return {
    x: (point.longitude - origin.longitude) * rad * EARTH_RADIUS * Math.cos(origin.latitude * rad),
    y: (point.latitude - origin.latitude) * rad * EARTH_RADIUS,
  };
}

export function fromMetres(origin: LatLon, x: number, y: number): LatLon {
  const rad = Math.PI / 180;
  return {
    latitude: origin.latitude + y / EARTH_RADIUS / rad,
    longitude: origin.longitude + x / (EARTH_RADIUS * Math.cos(origin.latitude * rad)) / rad,
  };
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Web-Mercator tiles covering the plan, placed in plan metres. */
function tiles(origin: LatLon) {
  if (!TILE_URL) return [];
  const rad = Math.PI / 180;
  const metresPerPixelAtZ0 = (2 * Math.PI * EARTH_RADIUS * Math.cos(origin.latitude * rad)) / 256;
  const zoom = Math.max(0, Math.min(19, Math.round(Math.log2(metresPerPixelAtZ0 / (PLAN_METRES / 512)))));
  const n = 2 ** zoom;
  const tileX = (lon: number) => ((lon + 180) / 360) * n;
  const tileY = (lat: number) => ((1 - Math.log(Math.tan(lat * rad) + 1 / Math.cos(lat * rad)) / Math.PI) / 2) * n;
  const lonOf = (x: number) => (x / n) * 360 - 180;
  const latOf = (y: number) => Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) / rad;
  const half = PLAN_METRES / 2;
  const corner = fromMetres(origin, -half, half);
  const far = fromMetres(origin, half, -half);
  const out: { href: string; x: number; y: number; w: number; h: number }[] = [];
  for (let x = Math.floor(tileX(corner.longitude)); x <= Math.floor(tileX(far.longitude)); x++) {
    for (let y = Math.floor(tileY(corner.latitude)); y <= Math.floor(tileY(far.latitude)); y++) {
      const topLeft = toMetres(origin, { latitude: latOf(y), longitude: lonOf(x) });
      const bottomRight = toMetres(origin, { latitude: latOf(y + 1), longitude: lonOf(x + 1) });
      out.push({
        href: TILE_URL.replace('{z}', String(zoom)).replace('{x}', String(x)).replace('{y}', String(y)),
        x: topLeft.x, y: -topLeft.y, w: bottomRight.x - topLeft.x, h: topLeft.y - bottomRight.y,
      });
    }
  }
  return out;
}

export function SitePlan({ origin, center, radius, polygon, onCenter }: {
  origin: LatLon; center: LatLon | null; radius: number; polygon?: LatLon[]; onCenter?: (c: LatLon) => void;
}) {
  const half = PLAN_METRES / 2;
  const c = center ? toMetres(origin, center) : null;
  const grid = [];
  for (let v = -half; v <= half; v += 100) {
    grid.push(<line key={`v${v}`} x1={v} y1={-half} x2={v} y2={half} class={v === 0 ? 'axis' : 'grid'} />);
    grid.push(<line key={`h${v}`} x1={-half} y1={v} x2={half} y2={v} class={v === 0 ? 'axis' : 'grid'} />);
  }
  const click = (event: MouseEvent) => {
    if (!onCenter) return;
    const svg = event.currentTarget as SVGSVGElement;
    const box = svg.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width - 0.5) * PLAN_METRES;
    const y = -((event.clientY - box.top) / box.height - 0.5) * PLAN_METRES;
    const p = fromMetres(origin, x, y);
    onCenter({ latitude: round6(p.latitude), longitude: round6(p.longitude) });
  };
  const key = (event: KeyboardEvent) => {
    if (!onCenter || !center) return;
    const step = event.shiftKey ? 100 : 10;
    const moves: Record<string, [number, number]> = { ArrowUp: [0, step], ArrowDown: [0, -step], ArrowLeft: [-step, 0], ArrowRight: [step, 0] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const p = fromMetres(center, move[0], move[1]);
    onCenter({ latitude: round6(p.latitude), longitude: round6(p.longitude) });
  };
  const points = (polygon ?? []).map((p) => toMetres(origin, p)).map((p) => `${p.x},${-p.y}`).join(' ');
  return (
    <figure class="plan">
      <svg viewBox={`${-half} ${-half} ${PLAN_METRES} ${PLAN_METRES}`} role="application" aria-label={m.sites.planLabel}
        tabindex={onCenter ? 0 : -1} onClick={click} onKeyDown={key}>
        {tiles(origin).map((t) => <image key={t.href} href={t.href} x={t.x} y={t.y} width={t.w} height={t.h} preserveAspectRatio="none" />)}
        {grid}
        {polygon && polygon.length > 2 && <polygon points={points} class="fence" />}
        {c && <circle cx={c.x} cy={-c.y} r={Math.max(radius, 1)} class="fence" />}
        {c && <circle cx={c.x} cy={-c.y} r={12} class="centre" />}
        <text x={-half + 20} y={-half + 60} class="north">N ↑</text>
        <text x={half - 300} y={half - 30} class="scale">100 m grid</text>
      </svg>
      <figcaption class="muted small">{onCenter && m.sites.planHelp} {TILE_URL && m.sites.tilesConfigured}</figcaption>
    </figure>
  );
}

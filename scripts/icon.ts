import { crc32, deflateSync } from 'node:zlib';

/** PNG chunk: length, type, data, CRC over type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** Coverage of a disc of radius r at (cx, cy) for the pixel centred at (x, y), with a one-pixel soft edge. */
function disc(x: number, y: number, cx: number, cy: number, r: number): number {
  const d = Math.hypot(x - cx, y - cy);
  return Math.max(0, Math.min(1, r + 0.5 - d));
}

/** Coverage of a line segment of half-width w. */
function segment(x: number, y: number, ax: number, ay: number, bx: number, by: number, w: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  const d = Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
  return Math.max(0, Math.min(1, w + 0.5 - d));
}

/**
 * The product icon, drawn in code so the build needs no binary asset: five nodes on a ring, every pair linked
 * (a full mesh), one node highlighted as the leader. Deterministic: same bytes on every build.
 */
export function renderIcon(size = 512): Buffer {
  const c = size / 2;
  const ring = size * 0.34;
  const nodes = Array.from({ length: 5 }, (_, i) => {
    const a = -Math.PI / 2 + (i * 2 * Math.PI) / 5;
    return [c + ring * Math.cos(a), c + ring * Math.sin(a)] as const;
  });
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const bg = disc(px, py, c, c, size * 0.48);
      let link = 0;
      for (let i = 0; i < 5; i++) {
        for (let j = i + 1; j < 5; j++) {
          const [ax, ay] = nodes[i] ?? [0, 0];
          const [bx, by] = nodes[j] ?? [0, 0];
          link = Math.max(link, segment(px, py, ax, ay, bx, by, size * 0.006));
        }
      }
      let node = 0;
      let leader = 0;
      nodes.forEach(([nx, ny], i) => {
        const cover = disc(px, py, nx, ny, size * 0.07);
        if (i === 0) leader = cover;
        else node = Math.max(node, cover);
      });
      // Layers: dark navy disc, pale links, teal followers, amber leader.
      let [r, g, b] = [20, 33, 61];
      const mix = (cr: number, cg: number, cb: number, a: number): void => {
        r += (cr - r) * a;
        g += (cg - g) * a;
        b += (cb - b) * a;
      };
      mix(160, 180, 210, link * 0.8);
      mix(38, 198, 170, node);
      mix(252, 176, 64, leader);
      row.writeUInt8(Math.round(r), 1 + x * 4);
      row.writeUInt8(Math.round(g), 2 + x * 4);
      row.writeUInt8(Math.round(b), 3 + x * 4);
      row.writeUInt8(Math.round(255 * bg), 4 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // RGBA
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

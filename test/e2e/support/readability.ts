/// <reference lib="dom" />
// What a person can read: colours as Chromium computed them inside a webview, against the
// sidebar the (transparent) webview is drawn over.
import type { Frame, Page } from "playwright-core";

export type Rgba = [number, number, number, number];

export interface TextSample {
  text: string;
  /** The element's classes, to tell body text from secondary text. */
  classes: string;
  color: string;
  background: string;
  ratio: number;
}

/** Computed colours come as rgb()/rgba(), or as color(srgb …) with 0–1 channels when color-mix() made them. */
export function parseColor(css: string): Rgba {
  const rgb = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(css.trim());
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
  const srgb = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)$/.exec(css.trim());
  if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
  throw new Error(`not an rgb() or color(srgb) colour: ${css}`);
}

/** `top` painted over the opaque `bottom`. */
function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
}

function luminance([r, g, b]: Rgba): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The WCAG contrast ratio, 1 (none) to 21 (black on white). */
export function contrast(foreground: Rgba, background: Rgba): number {
  const [light, dark] = [luminance(foreground), luminance(background)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The colour behind the sidebar's webviews: they are transparent, so this is what shows through. */
export async function sidebarBackground(page: Page): Promise<string> {
  return page
    .locator(".part.sidebar")
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
}

/** Every rendered element holding text of its own, with its colour and the first opaque background behind it. */
export async function textSamples(frame: Frame, behindWebview: string): Promise<TextSample[]> {
  const raw = await frame.$$eval(
    "#root *",
    (elements, fallback) =>
      elements.flatMap((el) => {
        const own = Array.from(el.childNodes)
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent ?? "")
          .join("")
          .trim();
        if (!own || el.getClientRects().length === 0) return [];
        const style = getComputedStyle(el);
        if (style.visibility === "hidden" || Number(style.opacity) === 0) return [];
        let background = fallback;
        for (let node: Element | null = el; node; node = node.parentElement) {
          const bg = getComputedStyle(node).backgroundColor;
          if (!/^rgba\(.*,\s*0\)$/.test(bg) && bg !== "transparent") {
            background = bg;
            break;
          }
        }
        return [{ text: own.slice(0, 60), classes: String(el.className), color: style.color, background }];
      }),
    behindWebview,
  );
  const base = parseColor(behindWebview);
  return raw.map((sample) => {
    const background = over(parseColor(sample.background), base);
    return { ...sample, ratio: contrast(over(parseColor(sample.color), background), background) };
  });
}

/** Per canvas, the pixels that stand out from the background (not merely painted in its colour). */
export async function visiblePixels(frame: Frame, behindWebview: string): Promise<number[]> {
  const [r, g, b] = parseColor(behindWebview);
  return frame.$$eval(
    "canvas",
    (canvases, bg) =>
      canvases.map((c) => {
        const { data } = c.getContext("2d")!.getImageData(0, 0, c.width, c.height);
        let visible = 0;
        for (let i = 0; i < data.length; i += 4) {
          const a = data[i + 3]! / 255;
          const diff = [0, 1, 2].reduce((sum, k) => sum + Math.abs(data[i + k]! * a + bg[k]! * (1 - a) - bg[k]!), 0);
          if (diff > 60) visible++;
        }
        return visible;
      }),
    [r, g, b],
  );
}

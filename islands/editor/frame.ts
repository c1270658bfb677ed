// The canvas's device frame: preview widths and the zoom that fits a width into the canvas area.

export type Device = "desktop" | "tablet" | "mobile";

/** Preview widths in CSS pixels; desktop fills the canvas area but is never narrower than this. */
export const DEVICES: Record<Device, number> = { desktop: 1024, tablet: 768, mobile: 390 };

/**
 * The device frame: its nominal width, and the zoom that fits it into the canvas area (the page
 * is laid out at the nominal width and shown smaller, never squeezed).
 */
export function frameSize(device: Device, room: { w: number; h: number } | null) {
  if (!room || room.w <= 0) {
    return { width: device === "desktop" ? null : DEVICES[device], zoom: 1, minHeight: 0 };
  }
  const width = device === "desktop" ? Math.max(room.w, DEVICES.desktop) : DEVICES[device];
  const zoom = Math.min(1, Math.floor((room.w / width) * 100) / 100);
  return { width, zoom, minHeight: Math.floor(room.h / zoom) };
}

export type Frame = ReturnType<typeof frameSize>;

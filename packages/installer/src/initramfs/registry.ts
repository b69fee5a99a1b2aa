/** The initramfs generators distkernel knows by name (--initramfs NAME). */
import { dracutInitramfs } from './dracut.js';
import { noInitramfs } from './none.js';
import type { InitramfsPlugin } from './plugin.js';

export const INITRAMFS_GENERATORS: ReadonlyMap<string, InitramfsPlugin> = new Map(
  [dracutInitramfs, noInitramfs].map((plugin) => [plugin.name, plugin]),
);

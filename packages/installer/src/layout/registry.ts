/** The layouts distkernel knows by name (--layout NAME). */
import { blsLayout } from './bls.js';
import { grubLayout } from './grub.js';
import { installkernelLayout } from './installkernel.js';
import type { LayoutPlugin } from './plugin.js';
import { traditionalLayout } from './traditional.js';
import { ukiLayout } from './uki.js';

export const LAYOUTS: ReadonlyMap<string, LayoutPlugin> = new Map(
  [traditionalLayout, blsLayout, ukiLayout, grubLayout, installkernelLayout].map((layout) => [layout.name, layout]),
);

/**
 * glibc's rand()/srand() (the TYPE_3 additive feedback generator of random_r.c), so that randconfig with
 * KCONFIG_SEED makes the same choices as conf built against glibc.
 */
export class GlibcRandom {
  private readonly r: number[] = [];
  private i = 0;

  constructor(seed: number) {
    // srandom_r: a zero seed is replaced by 1; the state is filled by a Lehmer generator, then stirred.
    let word = seed | 0 || 1;
    const r = this.r;
    r[0] = word;
    for (let i = 1; i < 31; i++) {
      const hi = Math.trunc(word / 127773);
      const lo = word % 127773;
      word = 16807 * lo - 2836 * hi;
      if (word < 0) word += 2147483647;
      r[i] = word;
    }
    for (let i = 31; i < 34; i++) r[i] = r[i - 31] as number;
    this.i = 34;
    for (let k = 0; k < 310; k++) this.step();
  }

  private step(): number {
    const r = this.r;
    const value = ((r[this.i - 31] as number) + (r[this.i - 3] as number)) >>> 0;
    r[this.i] = value;
    this.i++;
    // Keep the window small.
    if (r.length > 4096) {
      r.splice(0, r.length - 34);
      this.i = 34;
    }
    return value;
  }

  /** rand(): a number in [0, 2^31). */
  next(): number {
    return this.step() >>> 1;
  }
}

import { describe, expect, it } from 'vitest';
import { configValues, readDotConfig } from '../../src/config/dotconfig.js';
import { checkBootSafety } from '../../src/config/safety.js';

const codes = (config: string, initramfs: boolean, fsType?: string, device?: string) =>
  checkBootSafety(configValues(readDotConfig(config)), {
    initramfs,
    root: { ...(fsType === undefined ? {} : { fsType }), ...(device === undefined ? {} : { device }) },
  }).map((d) => d.code);

const BASE = 'CONFIG_DEVTMPFS=y\nCONFIG_BLK_DEV_INITRD=y\n';

describe('checkBootSafety', () => {
  it('refuses a modular root filesystem without initramfs, accepts it with one', () => {
    expect(codes(`${BASE}CONFIG_XFS_FS=m\n`, false, 'xfs')).toEqual(['modular-root-fs']);
    expect(codes(`${BASE}CONFIG_XFS_FS=m\n`, true, 'xfs')).toEqual([]);
    expect(codes(`${BASE}CONFIG_BTRFS_FS=y\n`, false, 'btrfs')).toEqual([]);
  });

  it('refuses a root filesystem that is not built at all', () => {
    expect(codes(`${BASE}# CONFIG_F2FS_FS is not set\n`, true, 'f2fs')).toEqual(['missing-root-fs']);
  });

  it('checks every symbol a root disk needs', () => {
    expect(codes(`${BASE}CONFIG_VIRTIO_BLK=y\nCONFIG_VIRTIO_PCI=m\n`, false, undefined, 'virtio_blk')).toEqual([
      'modular-root-device',
    ]);
    expect(codes(`${BASE}CONFIG_SATA_AHCI=y\nCONFIG_ATA=y\n`, false, undefined, 'ahci')).toEqual([
      'missing-root-device',
    ]);
    expect(codes(`${BASE}CONFIG_BLK_DEV_NVME=y\n`, false, undefined, 'nvme')).toEqual([]);
  });

  it('requires initrd support when an initramfs is wanted, and devtmpfs always', () => {
    expect(codes('CONFIG_DEVTMPFS=y\n', true)).toEqual(['initrd-support-off']);
    expect(codes('CONFIG_DEVTMPFS=y\n', false)).toEqual([]);
    expect(codes('CONFIG_BLK_DEV_INITRD=y\n# CONFIG_DEVTMPFS is not set\n', true)).toEqual(['devtmpfs-off']);
  });

  it('warns about names it cannot map', () => {
    const [d] = checkBootSafety(configValues(readDotConfig(BASE)), { initramfs: true, root: { fsType: 'zfs' } });
    expect(d).toMatchObject({ severity: 'warning', code: 'unknown-root-fs' });
  });

  it('words the refusal with the panic users would see and the line to add', () => {
    const [d] = checkBootSafety(configValues(readDotConfig(`${BASE}CONFIG_EXT4_FS=m\n`)), {
      initramfs: false,
      root: { fsType: 'ext4' },
    });
    expect(d?.message).toBe(
      'CONFIG_EXT4_FS=m: the root filesystem (ext4) driver is built as a module, and without an initramfs nothing can ' +
        'load it before the root is mounted (the boot would stop at "VFS: Unable to mount root fs on unknown-block(0,0)")',
    );
    expect(d?.fix).toBe('add CONFIG_EXT4_FS=y to a fragment, or build an initramfs (--initramfs dracut)');
  });
});

/**
 * Safety checks run on the final .config before any build: the configurations that compile fine and then
 * cannot boot. The classic one is a root filesystem or root disk driver built as a module with no initramfs
 * to load it: the kernel panics with "VFS: Unable to mount root fs on unknown-block(0,0)". Each refusal
 * says why and which line to put in a fragment.
 */
import { error, type InstallerDiagnostic, warning } from '../diagnostics.js';
import type { ConfigValues } from '@kconfig-solve/solver';

/** The root filesystem and the driver of the disk it lives on, as the user names them. */
export interface RootSpec {
  /** Filesystem type as mount(8) names it: ext4, xfs, btrfs, f2fs... */
  readonly fsType?: string;
  /** Kernel module name of the disk's driver: virtio_blk, ahci, nvme, sd... */
  readonly device?: string;
}

/** Filesystem type -> the symbol of its driver (ext3 has been mounted by the ext4 driver since 4.3). */
export const ROOT_FS_SYMBOLS: Readonly<Record<string, string>> = {
  ext4: 'EXT4_FS',
  ext3: 'EXT4_FS',
  ext2: 'EXT2_FS',
  xfs: 'XFS_FS',
  btrfs: 'BTRFS_FS',
  f2fs: 'F2FS_FS',
  vfat: 'VFAT_FS',
  erofs: 'EROFS_FS',
  squashfs: 'SQUASHFS',
};

/**
 * Disk driver module -> every symbol the disk needs at mount time: the controller driver and what turns it
 * into a block device (virtio-blk needs the virtio PCI transport; AHCI and virtio-scsi disks are SCSI disks).
 */
export const ROOT_DEVICE_SYMBOLS: Readonly<Record<string, readonly string[]>> = {
  virtio_blk: ['VIRTIO_BLK', 'VIRTIO_PCI'],
  virtio_scsi: ['SCSI_VIRTIO', 'BLK_DEV_SD'],
  ahci: ['SATA_AHCI', 'ATA', 'BLK_DEV_SD'],
  nvme: ['BLK_DEV_NVME'],
  sd: ['BLK_DEV_SD'],
};

export interface SafetyOptions {
  /** Whether an initramfs will be installed with this kernel. */
  readonly initramfs: boolean;
  readonly root: RootSpec;
}

export function checkBootSafety(value: ConfigValues, options: SafetyOptions): readonly InstallerDiagnostic[] {
  const problems: InstallerDiagnostic[] = [];
  const { fsType, device } = options.root;

  if (fsType !== undefined) {
    const symbol = ROOT_FS_SYMBOLS[fsType];
    if (symbol === undefined) {
      problems.push(
        warning('unknown-root-fs', `root filesystem type "${fsType}" has no known driver symbol: not checked`, {
          fix: `known types: ${Object.keys(ROOT_FS_SYMBOLS).join(', ')}`,
        }),
      );
    } else {
      problems.push(...checkDriver(value, symbol, `the root filesystem (${fsType}) driver`, 'fs', options.initramfs));
    }
  }
  if (device !== undefined) {
    const symbols = ROOT_DEVICE_SYMBOLS[device];
    if (symbols === undefined) {
      problems.push(
        warning('unknown-root-device', `root device driver "${device}" has no known symbols: not checked`, {
          fix: `known drivers: ${Object.keys(ROOT_DEVICE_SYMBOLS).join(', ')}`,
        }),
      );
    } else {
      for (const symbol of symbols) {
        problems.push(
          ...checkDriver(
            value,
            symbol,
            `the root device (${device}) needs CONFIG_${symbol}, which`,
            'device',
            options.initramfs,
          ),
        );
      }
    }
  }
  if (options.initramfs && value('BLK_DEV_INITRD') !== 'y') {
    problems.push(
      error(
        'initrd-support-off',
        'CONFIG_BLK_DEV_INITRD is not set, but an initramfs is wanted: the kernel would ignore it',
        {
          fix: 'add CONFIG_BLK_DEV_INITRD=y to a fragment, or build the root drivers in and use --initramfs none',
        },
      ),
    );
  }
  if (value('DEVTMPFS') !== 'y') {
    problems.push(
      error('devtmpfs-off', 'CONFIG_DEVTMPFS is not set: udev, dracut and systemd need the kernel to populate /dev', {
        fix: 'add CONFIG_DEVTMPFS=y (and CONFIG_DEVTMPFS_MOUNT=y) to a fragment',
      }),
    );
  }
  return problems;
}

function checkDriver(
  configValue: ConfigValues,
  symbol: string,
  what: string,
  kind: 'fs' | 'device',
  initramfs: boolean,
): readonly InstallerDiagnostic[] {
  const value = configValue(symbol);
  if (value === 'y' || (value === 'm' && initramfs)) return [];
  if (value === 'm') {
    return [
      error(
        kind === 'fs' ? 'modular-root-fs' : 'modular-root-device',
        `CONFIG_${symbol}=m: ${what} is built as a module, and without an initramfs nothing can load it before the root ` +
          'is mounted (the boot would stop at "VFS: Unable to mount root fs on unknown-block(0,0)")',
        { fix: `add CONFIG_${symbol}=y to a fragment, or build an initramfs (--initramfs dracut)` },
      ),
    ];
  }
  return [
    error(
      kind === 'fs' ? 'missing-root-fs' : 'missing-root-device',
      `CONFIG_${symbol} is not set: ${what} is not built, so the root cannot be mounted`,
      { fix: `add CONFIG_${symbol}=y to a fragment${initramfs ? ' (=m works too, with the initramfs)' : ''}` },
    ),
  ];
}

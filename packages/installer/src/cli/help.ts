/** The --help texts of distkernel and its commands. */

export const USAGE = `Usage: distkernel COMMAND [OPTIONS]

Builds a distribution kernel from a config into a setup-independent interim tree, and installs that tree
(or a package made from it) on any boot layout.

Commands:
  config      make BUILD/.config from a base config and fragments, then check that it can boot
  build       build the kernel and modules into an interim tree (image, modules, headers, manifest)
  initramfs   add a generic initramfs (dracut) to an interim tree
  package     pack an interim tree into a binary package (.tar.gz)
  install     install an interim tree or package under a root (traditional, bls, uki, grub, installkernel)
  remove      remove installed kernels, or prune old ones (never the running or the last one)
  boot-test   boot a kernel under qemu against a tiny root image and watch for its marker

Every command takes --help, and --json to print its report as JSON.`;

const MAKE = `Kernel tree and toolchain:
  --source DIR          kernel source tree
  --build-dir DIR       out-of-tree build directory (make O=DIR)
  --arch ARCH           ARCH= (e.g. x86_64); default: the host's
  --cc CC --ld LD --hostcc CC --cross-compile PREFIX --llvm
                        toolchain, passed to make explicitly
  --distcc | --icecream put distcc or icecc in front of CC (see the README); raise -j accordingly
  --localversion STR    LOCALVERSION= appended to the release
  --make PROGRAM        make program (default: make)`;

const ROOT = `Root checks:
  --root-fs TYPE        root filesystem type (ext4, xfs, btrfs, f2fs...)
  --root-device DRIVER  root disk driver (virtio_blk, virtio_scsi, ahci, nvme, sd)`;

export const HELP: Readonly<Record<string, string>> = {
  config: `Usage: distkernel config --source DIR --build-dir DIR BASE [--fragment FILE]... [OPTIONS]

Writes BUILD/.config: the base, then the fragments in order (a later one wins), then olddefconfig.
Reports every requested value that did not take, and refuses configs that cannot boot.

Base (the first one given wins; with none, distkernel stops and says what to give):
  --savedconfig FILE    your own full config
  --base FILE           a distribution config (.xz/.gz/.zst accepted)
  --defconfig TARGET    a make target of the tree: x86_64_defconfig, tinyconfig...
  --fragment FILE       CONFIG_FOO=y lines applied over the base (repeatable)
  --initramfs dracut|none   whether an initramfs will be used (default dracut)
  --strict              requested values that did not take are errors
  --resolver NAME       solver (default: our solver, no make; explains values that did not take)
                        or kernel-tools (merge_config.sh -m + make olddefconfig, to compare)
  --log FILE            log of the conf/make runs

${MAKE}

${ROOT}`,
  build: `Usage: distkernel build --source DIR --build-dir DIR --interim DIR [OPTIONS]

Builds BUILD/.config (run \`distkernel config\` first) and fills the interim tree: boot/vmlinuz,
boot/System.map, boot/config, lib/modules/VER (with modules.dep), usr/src/linux-VER (for external
modules) and manifest.json. Progress goes to stderr, the full log to BUILD/distkernel-build.log.

  --interim DIR           output directory (created; an earlier interim tree there is replaced)
  -j, --jobs N            parallel jobs (default: number of CPUs)
  --expect-release VER    refuse to build unless make kernelrelease prints VER
  --source-date-epoch N   SOURCE_DATE_EPOCH (default: mtime of the tree's Makefile)
  --expected-objects N    objects of a full build, for the progress estimate
  --initramfs dracut|none whether an initramfs will be used (decides the safety checks)
  --quiet                 no progress
  --log FILE              build log (default BUILD/distkernel-build.log)

${MAKE}

${ROOT}`,
  initramfs: `Usage: distkernel initramfs --interim DIR [--generator dracut|none] [--dracut-arg ARG]...

Generates a generic initramfs from the interim tree's modules into boot/initramfs.img
(dracut --kver VER --kmoddir DIR --no-hostonly --reproducible --force).
  --generator NAME     dracut (default) or none (refused unless the root drivers are built in)
  --dracut-arg ARG     extra dracut argument (repeatable), e.g. --dracut-arg=--omit --dracut-arg=systemd

${ROOT}`,
  package: `Usage: distkernel package --interim DIR [-o FILE]

Packs the interim tree into a reproducible .tar.gz (default distkernel-VER-ARCH.tar.gz) that
\`distkernel install FILE\` accepts on another machine. The manifest's checksums are verified first.`,
  install: `Usage: distkernel install FROM [OPTIONS]

Installs an interim tree or package under a root, all or nothing: on any failure the root is as before.
Same-version reinstalls keep the current files as .old (traditional, grub) or -old.efi (uki).

  --root DIR             target root (default /)
  --boot-dir DIR         boot directory inside the root (default /boot)
  --layout NAME          traditional (default), bls, uki, grub, installkernel
  --initramfs NAME       auto (default: the interim's own, else dracut), interim, dracut, none
  --dracut-arg ARG       extra dracut argument (repeatable)
  --cmdline STR          kernel options for bls/uki (default: ROOT/etc/kernel/cmdline)
  --entry-token TOKEN    BLS/UKI entry token (default: ROOT/etc/machine-id, else os-release ID)
  --installkernel PATH   program for --layout installkernel (called as VERSION IMAGE MAP DIR)
  --dry-run              list every file it would write and every command it would run
  --log FILE             log of the commands run

Plugins: executables in ROOT/etc/kernel/{preinst,postinst}.d and ROOT/usr/lib/kernel/... run with
VERSION IMAGE (same name: /etc wins; exit 77 ends the chain successfully).

${ROOT}`,
  remove: `Usage: distkernel remove VERSION... [OPTIONS]
       distkernel remove --prune [--keep N] [OPTIONS]

Removes every file of the given versions, or all but the newest N (default 2) bootable kernels.
Never removes the running kernel nor the last bootable one. Regenerates grub.cfg when grub is set up.
  --root DIR         target root (default /)
  --boot-dir DIR     boot directory inside the root (default /boot)
  --running VER      the running kernel's release (default: uname -r)
  --dry-run          list what would be removed`,
  'boot-test': `Usage: distkernel boot-test (--interim DIR | --root DIR --version VER | --kernel FILE [--initrd FILE]) [OPTIONS]

Boots the kernel under qemu-system-x86_64 (KVM when usable, else TCG) with a root image whose init prints
a marker. Passes on the marker; fails on "Kernel panic", "Entering emergency mode" or timeout.
  --disk IMG         raw root image (default: built with gcc -static and mkfs.ext4 -d)
  --marker STR       marker printed by the root's init (default ${'DISTKERNEL-BOOT-OK'})
  --append STR       extra kernel options
  --root-fs TYPE     rootfstype= (default ext4)
  --accel MODE       auto (default), kvm or tcg
  --timeout SEC      give up after SEC seconds (default 300)
  --console-log FILE full console output`,
};

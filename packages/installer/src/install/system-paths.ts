/** Where every layout puts a kernel's modules and the tree external modules build against, inside the root. */
export const MODULES_ROOT = '/lib/modules';
export const HEADERS_ROOT = '/usr/src';

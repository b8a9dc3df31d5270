/** How often to check whether a new signing key is due: a tenth of the rotation period, at most hourly. */
export function rotationCheckIntervalMs(rotationSeconds: number): number {
  return Math.min(rotationSeconds / 10, 3600) * 1000;
}

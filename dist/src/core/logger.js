export const silentLogger = { info() { }, warn() { }, error() { } };

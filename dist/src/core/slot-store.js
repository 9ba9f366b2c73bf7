/**
 * The seam between the link policy and wherever slots live: piscina worker threads on Node,
 * Durable Objects at the edge, a plain Map in a test. One interface, one small adapter per runtime.
 */
export {};

export declare class ByteSlab {
    #private;
    /** A fresh, zeroed view of `length` bytes (its own allocation if larger than a slab). */
    take(length: number): Uint8Array;
}

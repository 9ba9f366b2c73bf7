/**
 * Open slots ordered by expiry: a binary min-heap of slot indexes, with each index's place in it
 * so that any slot can leave in O(log n) when it is used or revoked.
 *
 * Written by hand because it lives in typed arrays (no object per slot), which no heap library
 * does. It reads expiries from the slot table's own array, handed over again after each growth.
 */
export class ExpiryHeap {
    #heap = new Int32Array(0);
    /** Place in #heap plus one, so that the zero a fresh array starts with means "not here". */
    #placePlusOne = new Uint32Array(0);
    #expiresAt = new Uint32Array(0);
    #length = 0;
    get length() {
        return this.#length;
    }
    /** Takes the slot table's grown expiry array; `capacity` is its length. */
    grow(capacity, expiresAt) {
        const heap = new Int32Array(capacity);
        heap.set(this.#heap);
        const places = new Uint32Array(capacity);
        places.set(this.#placePlusOne);
        this.#heap = heap;
        this.#placePlusOne = places;
        this.#expiresAt = expiresAt;
    }
    has(index) {
        return this.#placePlusOne[index] !== 0;
    }
    /** The slot at `place` (0 ≤ place < length): the soonest to expire at 0, the rest in no order. */
    at(place) {
        return this.#heap[place];
    }
    push(index) {
        const place = this.#length++;
        this.#heap[place] = index;
        this.#placePlusOne[index] = place + 1;
        this.#siftUp(place);
    }
    remove(index) {
        const place = this.#placePlusOne[index] - 1;
        const last = --this.#length;
        this.#placePlusOne[index] = 0;
        if (place === last)
            return;
        const moved = this.#heap[last];
        this.#heap[place] = moved;
        this.#placePlusOne[moved] = place + 1;
        this.#siftDown(place);
        this.#siftUp(this.#placePlusOne[moved] - 1);
    }
    #siftUp(place) {
        const heap = this.#heap;
        const expires = this.#expiresAt;
        const item = heap[place];
        while (place > 0) {
            const parent = (place - 1) >> 1;
            if (expires[heap[parent]] <= expires[item])
                break;
            heap[place] = heap[parent];
            this.#placePlusOne[heap[place]] = place + 1;
            place = parent;
        }
        heap[place] = item;
        this.#placePlusOne[item] = place + 1;
    }
    #siftDown(place) {
        const heap = this.#heap;
        const expires = this.#expiresAt;
        const length = this.#length;
        const item = heap[place];
        for (;;) {
            let child = 2 * place + 1;
            if (child >= length)
                break;
            if (child + 1 < length && expires[heap[child + 1]] < expires[heap[child]])
                child++;
            if (expires[heap[child]] >= expires[item])
                break;
            heap[place] = heap[child];
            this.#placePlusOne[heap[place]] = place + 1;
            place = child;
        }
        heap[place] = item;
        this.#placePlusOne[item] = place + 1;
    }
}

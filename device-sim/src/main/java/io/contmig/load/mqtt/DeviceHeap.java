package io.contmig.load.mqtt;

/**
 * A binary min-heap of devices by next intended start ({@code FleetDevice.nextIntendedNanos}).
 *
 * <p>Not thread-safe: one scheduler thread owns it; no allocation after creation.
 */
final class DeviceHeap {
    private final FleetDevice[] items;
    private int size;

    DeviceHeap(int capacity) {
        items = new FleetDevice[Math.max(1, capacity)];
    }

    int size() {
        return size;
    }

    FleetDevice top() {
        return items[0];
    }

    void add(FleetDevice d) {
        int i = size++;
        items[i] = d;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (items[parent].nextIntendedNanos <= items[i].nextIntendedNanos) {
                break;
            }
            swap(i, parent);
            i = parent;
        }
    }

    /** Restores order after the top's key grew. */
    void topChanged() {
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int right = left + 1;
            int smallest = right < size && items[right].nextIntendedNanos < items[left].nextIntendedNanos ? right : left;
            if (items[i].nextIntendedNanos <= items[smallest].nextIntendedNanos) {
                return;
            }
            swap(i, smallest);
            i = smallest;
        }
    }

    private void swap(int a, int b) {
        FleetDevice tmp = items[a];
        items[a] = items[b];
        items[b] = tmp;
    }
}

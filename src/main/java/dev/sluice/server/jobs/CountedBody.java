package dev.sluice.server.jobs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request body that counts its bytes, which a job's input backlog is measured in. */
final class CountedBody extends FilterInputStream {

    private long count;

    CountedBody(InputStream in) {
        super(in);
    }

    /** The bytes read so far. */
    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count += b >= 0 ? 1 : 0;
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        count += Math.max(n, 0);
        return n;
    }
}

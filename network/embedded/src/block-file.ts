/**
 * Where a channel's serialized blocks live, one after the other (common/ledger/blkstorage's
 * blockfile, without its rollover into 64 MB files): a file that is only appended to and fsynced,
 * or a map in memory. The block index says where each block starts; bytes past the last indexed
 * block are what a crash left of an unacknowledged block and are cut when the store opens.
 */
import { mkdir, open, type FileHandle } from 'fs/promises';
import { dirname } from 'path';

export interface BlockFile {
  /** Bytes in the file. */
  readonly size: number;
  /** Appends `bytes` and flushes them to disk; resolves with the offset they start at. */
  append(bytes: Buffer): Promise<number>;
  read(offset: number, length: number): Promise<Buffer>;
  truncate(size: number): Promise<void>;
  close(): Promise<void>;
}

export async function openBlockFile(path?: string): Promise<BlockFile> {
  if (path === undefined) {
    return new MemoryBlockFile();
  }
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'a+', 0o600);
  const { size } = await handle.stat();
  if (size === 0) {
    await syncDirectory(dirname(path));
  }
  return new DiskBlockFile(handle, size);
}

class DiskBlockFile implements BlockFile {
  constructor(
    private readonly handle: FileHandle,
    public size: number,
  ) {}

  async append(bytes: Buffer): Promise<number> {
    const offset = this.size;
    let written = 0;
    while (written < bytes.length) {
      const result = await this.handle.write(bytes, written, bytes.length - written, null);
      written += result.bytesWritten;
    }
    await this.handle.datasync();
    this.size += bytes.length;
    return offset;
  }

  async read(offset: number, length: number): Promise<Buffer> {
    const bytes = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const result = await this.handle.read(bytes, read, length - read, offset + read);
      if (result.bytesRead === 0) {
        throw new Error(
          `block file ends at ${offset + read}, expected ${length} bytes at ${offset}`,
        );
      }
      read += result.bytesRead;
    }
    return bytes;
  }

  async truncate(size: number): Promise<void> {
    await this.handle.truncate(size);
    await this.handle.datasync();
    this.size = size;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

class MemoryBlockFile implements BlockFile {
  size = 0;
  private readonly chunks = new Map<number, Buffer>();

  async append(bytes: Buffer): Promise<number> {
    const offset = this.size;
    this.chunks.set(offset, Buffer.from(bytes));
    this.size += bytes.length;
    return offset;
  }

  async read(offset: number, length: number): Promise<Buffer> {
    const chunk = this.chunks.get(offset);
    if (chunk === undefined || chunk.length !== length) {
      throw new Error(`no block of ${length} bytes at ${offset} in the in-memory block file`);
    }
    return chunk;
  }

  async truncate(size: number): Promise<void> {
    for (const offset of [...this.chunks.keys()]) {
      if (offset >= size) {
        this.chunks.delete(offset);
      }
    }
    this.size = size;
  }

  async close(): Promise<void> {
    this.chunks.clear();
  }
}

/** A new file's directory entry survives a crash only once the directory itself is synced. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// Typings for the parts of dcmjs (which ships none) that this package calls.
declare module 'dcmjs' {
  /** One element of a dcmjs data set; sequences hold item data sets in Value. */
  export interface DcmjsElement {
    vr: string;
    Value?: unknown[];
  }
  /** A data set keyed by "GGGGEEEE" (upper-case hex). */
  export type DcmjsDataset = Record<string, DcmjsElement>;
  export interface DicomDict {
    meta: DcmjsDataset;
    dict: DcmjsDataset;
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }
  interface DictionaryEntry {
    tag: string;
    vr: string;
    name: string;
  }
  interface Logger {
    setLevel(level: 'error' | 'warn' | 'info' | 'debug' | 'silent'): void;
  }
  const dcmjs: {
    data: {
      DicomMessage: {
        readFile(
          buffer: ArrayBuffer,
          options?: { ignoreErrors?: boolean; untilTag?: string; includeUntilTagValue?: boolean },
        ): DicomDict;
      };
      DicomMetaDictionary: {
        dictionary: Record<string, DictionaryEntry | undefined>;
        /** Keyword-keyed data set (sequences as arrays of items) from a tag-keyed one. */
        naturalizeDataset(dataset: DcmjsDataset): Record<string, unknown>;
        /** Tag-keyed data set from a keyword-keyed one (VRs from the dictionary). */
        denaturalizeDataset(dataset: Record<string, unknown>): DcmjsDataset;
      };
      /** A new Part 10 file from its meta group; set `dict` before `write()`. */
      DicomDict: new (meta: DcmjsDataset) => DicomDict;
    };
    log: Logger & { getLogger(name: string): Logger };
  };
  export default dcmjs;
}

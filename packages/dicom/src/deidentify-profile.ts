/**
 * The attribute actions of DICOM PS3.15 Annex E, Table E.1-1 (Basic Application Level
 * Confidentiality Profile) that this package applies by tag. Three generic rules in
 * deidentify.ts cover the rest of the table's classes: every Person Name (PN) is emptied,
 * every instance UID (UI) is replaced, every private attribute is removed.
 *
 * 'Z' empties the value (kept because most IODs require it, Type 2); 'X' removes the
 * attribute. Where the table allows several actions the strictest one that keeps the IOD
 * valid is used; 'D' (dummy value) attributes are removed, except Patient ID and Patient's
 * Name, which receive a pseudonym (see deidentify.ts).
 */
export type ProfileAction = 'Z' | 'X';

export const PROFILE_ACTIONS: ReadonlyMap<string, ProfileAction> = new Map<string, ProfileAction>([
  // Patient
  ['00100030', 'Z'], // Patient's Birth Date
  ['00100040', 'Z'], // Patient's Sex
  ['00100032', 'X'], // Patient's Birth Time
  ['00100021', 'X'], // Issuer of Patient ID
  ['00100050', 'X'], // Patient's Insurance Plan Code Sequence
  ['00100101', 'X'], // Patient's Primary Language Code Sequence
  ['00100102', 'X'], // Patient's Primary Language Modifier Code Sequence
  ['00101000', 'X'], // Other Patient IDs
  ['00101001', 'X'], // Other Patient Names
  ['00101002', 'X'], // Other Patient IDs Sequence
  ['00101005', 'X'], // Patient's Birth Name
  ['00101010', 'X'], // Patient's Age
  ['00101020', 'X'], // Patient's Size
  ['00101030', 'X'], // Patient's Weight
  ['00101040', 'X'], // Patient's Address
  ['00101050', 'X'], // Insurance Plan Identification
  ['00101060', 'X'], // Patient's Mother's Birth Name
  ['00101080', 'X'], // Military Rank
  ['00101081', 'X'], // Branch of Service
  ['00101090', 'X'], // Medical Record Locator
  ['00101100', 'X'], // Referenced Patient Photo Sequence
  ['00102000', 'X'], // Medical Alerts
  ['00102110', 'X'], // Allergies
  ['00102150', 'X'], // Country of Residence
  ['00102152', 'X'], // Region of Residence
  ['00102154', 'X'], // Patient's Telephone Numbers
  ['00102155', 'X'], // Patient's Telecom Information
  ['00102160', 'X'], // Ethnic Group
  ['00102180', 'X'], // Occupation
  ['001021A0', 'X'], // Smoking Status
  ['001021B0', 'X'], // Additional Patient History
  ['001021C0', 'X'], // Pregnancy Status
  ['001021D0', 'X'], // Last Menstrual Date
  ['001021F0', 'X'], // Patient's Religious Preference
  ['00102203', 'X'], // Patient's Sex Neutered
  ['00102297', 'X'], // Responsible Person
  ['00102299', 'X'], // Responsible Organization
  ['00104000', 'X'], // Patient Comments
  ['00380010', 'X'], // Admission ID
  ['00380500', 'X'], // Patient State
  ['00380050', 'X'], // Special Needs
  ['00380300', 'X'], // Current Patient Location
  ['00380400', 'X'], // Patient's Institution Residence
  ['00384000', 'X'], // Visit Comments
  ['00081120', 'X'], // Referenced Patient Sequence
  ['00380004', 'X'], // Referenced Patient Alias Sequence
  // Clinical trial
  ['00120010', 'X'], // Clinical Trial Sponsor Name
  ['00120020', 'X'], // Clinical Trial Protocol ID
  ['00120030', 'Z'], // Clinical Trial Site ID
  ['00120031', 'Z'], // Clinical Trial Site Name
  ['00120040', 'X'], // Clinical Trial Subject ID
  ['00120042', 'X'], // Clinical Trial Subject Reading ID
  ['00120050', 'Z'], // Clinical Trial Time Point ID
  ['00120051', 'X'], // Clinical Trial Time Point Description
  // Study, visit and request
  ['00080020', 'Z'], // Study Date
  ['00080030', 'Z'], // Study Time
  ['00080050', 'Z'], // Accession Number
  ['00200010', 'Z'], // Study ID
  ['00081030', 'X'], // Study Description
  ['00081110', 'X'], // Referenced Study Sequence
  ['00081111', 'X'], // Referenced Performed Procedure Step Sequence
  ['00081080', 'X'], // Admitting Diagnoses Description
  ['00081084', 'X'], // Admitting Diagnoses Code Sequence
  ['00080092', 'X'], // Referring Physician's Address
  ['00080094', 'X'], // Referring Physician's Telephone Numbers
  ['00080096', 'X'], // Referring Physician Identification Sequence
  ['0008009D', 'X'], // Consulting Physician Identification Sequence
  ['00081048', 'X'], // Physician(s) of Record
  ['00081049', 'X'], // Physician(s) of Record Identification Sequence
  ['00081052', 'X'], // Performing Physician Identification Sequence
  ['00081060', 'X'], // Name of Physician(s) Reading Study
  ['00081062', 'X'], // Physician(s) Reading Study Identification Sequence
  ['00081072', 'X'], // Operator Identification Sequence
  ['00321030', 'X'], // Reason for Study
  ['00321032', 'X'], // Requesting Physician
  ['00321033', 'X'], // Requesting Service
  ['00321060', 'X'], // Requested Procedure Description
  ['00321070', 'X'], // Requested Contrast Agent
  ['00324000', 'X'], // Study Comments
  ['00400275', 'X'], // Request Attributes Sequence
  ['00401001', 'X'], // Requested Procedure ID
  ['00401002', 'X'], // Reason for the Requested Procedure
  ['00401400', 'X'], // Requested Procedure Comments
  ['00402016', 'Z'], // Placer Order Number / Imaging Service Request
  ['00402017', 'Z'], // Filler Order Number / Imaging Service Request
  ['00402400', 'X'], // Imaging Service Request Comments
  ['00400253', 'X'], // Performed Procedure Step ID
  ['00400254', 'X'], // Performed Procedure Step Description
  ['00400244', 'X'], // Performed Procedure Step Start Date
  ['00400245', 'X'], // Performed Procedure Step Start Time
  ['00400250', 'X'], // Performed Procedure Step End Date
  ['00400251', 'X'], // Performed Procedure Step End Time
  ['00400280', 'X'], // Comments on the Performed Procedure Step
  ['00400555', 'X'], // Acquisition Context Sequence
  ['0040A730', 'X'], // Content Sequence (D in the table: removed here, see above)
  // Series, equipment and institution
  ['00080021', 'X'], // Series Date
  ['00080031', 'X'], // Series Time
  ['0008103E', 'X'], // Series Description
  ['00081040', 'X'], // Institutional Department Name
  ['00080080', 'X'], // Institution Name
  ['00080081', 'X'], // Institution Address
  ['00080082', 'X'], // Institution Code Sequence
  ['00081010', 'X'], // Station Name
  ['00080055', 'X'], // Station AE Title
  ['00080054', 'X'], // Retrieve AE Title
  ['00081000', 'X'], // Network ID
  ['00180010', 'X'], // Contrast/Bolus Agent (Z/D in the table)
  ['00181000', 'X'], // Device Serial Number
  ['00181004', 'X'], // Plate ID
  ['00181005', 'X'], // Generator ID
  ['00181007', 'X'], // Cassette ID
  ['00181008', 'X'], // Gantry ID
  ['00181030', 'X'], // Protocol Name
  ['00181400', 'X'], // Acquisition Device Processing Description
  ['00184000', 'X'], // Acquisition Comments
  ['0018700A', 'X'], // Detector ID
  ['00189424', 'X'], // Acquisition Protocol Description
  ['00400241', 'X'], // Performed Station AE Title
  ['00400242', 'X'], // Performed Station Name
  ['00400243', 'X'], // Performed Location
  // Instance dates, times and comments
  ['00080012', 'X'], // Instance Creation Date
  ['00080013', 'X'], // Instance Creation Time
  ['00080022', 'X'], // Acquisition Date
  ['00080032', 'X'], // Acquisition Time
  ['0008002A', 'X'], // Acquisition DateTime
  ['00080023', 'Z'], // Content Date
  ['00080033', 'Z'], // Content Time
  ['00080024', 'X'], // Overlay Date
  ['00080034', 'X'], // Overlay Time
  ['00080025', 'X'], // Curve Date
  ['00080035', 'X'], // Curve Time
  ['00080201', 'X'], // Timezone Offset From UTC
  ['00082111', 'X'], // Derivation Description
  ['00084000', 'X'], // Identifying Comments
  ['00181012', 'X'], // Date of Secondary Capture
  ['00181014', 'X'], // Time of Secondary Capture
  ['00181200', 'X'], // Date of Last Calibration
  ['00181201', 'X'], // Time of Last Calibration
  ['00181042', 'X'], // Contrast/Bolus Start Time
  ['00181043', 'X'], // Contrast/Bolus Stop Time
  ['00181072', 'X'], // Radiopharmaceutical Start Time
  ['00181073', 'X'], // Radiopharmaceutical Stop Time
  ['00181078', 'X'], // Radiopharmaceutical Start DateTime
  ['00181079', 'X'], // Radiopharmaceutical Stop DateTime
  ['00203401', 'X'], // Modifying Device ID
  ['00203403', 'X'], // Modified Image Date
  ['00203405', 'X'], // Modified Image Time
  ['00203406', 'X'], // Modified Image Description
  ['00204000', 'X'], // Image Comments
  ['00209158', 'X'], // Frame Comments
  ['00284000', 'X'], // Image Presentation Comments
  ['00880200', 'X'], // Icon Image Sequence (a thumbnail may show burned-in text)
  ['40000010', 'X'], // Arbitrary
  ['40004000', 'X'], // Text Comments
  ['0040A027', 'X'], // Verifying Organization
  ['0040A030', 'X'], // Verification DateTime
  ['0040A073', 'X'], // Verifying Observer Sequence
  ['0040A078', 'X'], // Author Observer Sequence
  ['0040A07A', 'X'], // Participant Sequence
  ['0040A07C', 'X'], // Custodial Organization Sequence
  ['00401101', 'X'], // Person Identification Code Sequence
  ['00700001', 'X'], // Graphic Annotation Sequence
  ['FFFAFFFA', 'X'], // Digital Signatures Sequence
  ['FFFCFFFC', 'X'], // Data Set Trailing Padding
  ['04000561', 'X'], // Original Attributes Sequence
]);

/** What the Retain Patient Characteristics Option (PS3.15 E.3.6) keeps here. */
export const PATIENT_CHARACTERISTICS: ReadonlySet<string> = new Set([
  '00100040', // Patient's Sex
  '00101010', // Patient's Age
  '00101020', // Patient's Size
  '00101030', // Patient's Weight
]);

/** UIDs that name classes, syntaxes and coding schemes, not instances: kept as they are. */
export const NON_INSTANCE_UIDS: ReadonlySet<string> = new Set([
  '00020002', // Media Storage SOP Class UID
  '00020010', // Transfer Syntax UID
  '00020012', // Implementation Class UID
  '00041510', // Referenced SOP Class UID in File
  '00041512', // Referenced Transfer Syntax UID in File
  '00080016', // SOP Class UID
  '0008001A', // Related General SOP Class UID
  '0008001B', // Original Specialized SOP Class UID
  '0008010C', // Coding Scheme UID
  '0008010D', // Context Group Extension Creator UID
  '00080117', // Context UID
  '00080118', // Mapping Resource UID
  '00081150', // Referenced SOP Class UID
]);

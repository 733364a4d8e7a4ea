import type { Expertise } from '@medlabel/schema';
import type { Role } from '../auth/actor.js';

/**
 * The demo workspace's password, the same for every demo user and documented in the README.
 * Demo users exist only where the demo was seeded (MEDLABEL_DEMO not 0): never seed a
 * production database.
 */
export const DEMO_PASSWORD = 'medlabel-demo';

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  expertise: Expertise[];
}

export const DEMO_RESEARCHER: DemoUser = {
  email: 'researcher@demo.medlabel.local',
  name: 'Rita Researcher',
  role: 'researcher',
  expertise: [{ specialty: 'radiology', modality: 'MR', level: 'advanced' }],
};

/**
 * Readers with different expertise, so that automatic assignment has choices to make; the
 * cardiologist is a reviewer, who reviews the contour collection.
 */
export const DEMO_READERS = {
  neuro: {
    email: 'neuroradiologist@demo.medlabel.local',
    name: 'Nora Neuro',
    role: 'annotator',
    expertise: [
      { specialty: 'radiology', modality: 'MR', level: 'expert' },
      { specialty: 'radiology', modality: 'CT', level: 'advanced' },
    ],
  },
  resident: {
    email: 'resident@demo.medlabel.local',
    name: 'Ray Resident',
    role: 'annotator',
    expertise: [
      { specialty: 'radiology', modality: 'MR', level: 'advanced' },
      { specialty: 'radiology', modality: 'CT', level: 'intermediate' },
    ],
  },
  cardio: {
    email: 'cardiologist@demo.medlabel.local',
    name: 'Carla Cardio',
    role: 'reviewer',
    expertise: [
      { specialty: 'cardiology', modality: 'US', level: 'expert' },
      { specialty: 'cardiology', modality: 'XA', level: 'advanced' },
    ],
  },
} as const satisfies Record<string, DemoUser>;

package app;

import java.io.IOException;
import java.nio.file.Path;

/**
 * HDF5 episodes written by h5py (Debian's python3-h5py), in the layouts ACT's and robomimic's loaders read: ALOHA
 * {@code episode_N.hdf5} files and a robomimic {@code data/demo_N} file. Camera frames carry the demo's frame code,
 * drawn with numpy the way {@link pipeline.demo.FrameCode} draws it, so exported pixels can be traced to source rows.
 */
final class Hdf5Fixtures {
    private Hdf5Fixtures() { }

    /** numpy drawing of the frame code (20 blocks across a band at the top), and a moving background. */
    private static final String FRAMES = """
            import json, h5py, numpy as np
            def code_bits(n):
                bits = [1, 0] + [(n >> (15 - i)) & 1 for i in range(16)]
                bits.append(sum(bits[2:18]) & 1)
                bits.append(0)
                return bits
            def frame(n, h, w):
                img = np.zeros((h, w, 3), dtype=np.uint8)
                img[:, :, 0] = (40 + 3 * n) % 256
                img[:, :, 1] = 110
                img[:, :, 2] = 170
                x = (5 * n) % (w - 20)
                img[h // 2:h // 2 + 20, x:x + 20] = (255, 200, 0)
                band = max(4, int(h * 16.0 / 360.0 + 0.5))
                for i, b in enumerate(code_bits(n)):
                    x0 = int(i * w / 20.0 + 0.5)
                    x1 = int((i + 1) * w / 20.0 + 0.5)
                    img[0:band, x0:x1] = 255 if b else 0
                return img
            def frames(n, h, w):
                return np.stack([frame(i, h, w) for i in range(n)])
            """;

    /** ALOHA/ACT: two episodes of {@code steps} rows, 14 joints, cam_high and cam_left_wrist (uint8, chunked per frame). */
    static void aloha(Path dir, int steps, int height, int width) throws IOException, InterruptedException {
        IndependentTools.python(FRAMES + """
                import os
                for e in range(2):
                    with h5py.File('episode_%d.hdf5' % e, 'w') as f:
                        f.attrs['sim'] = False
                        f.attrs['compress'] = False
                        t = np.arange(STEPS) / 50.0
                        qpos = np.stack([np.sin(t + j) * 0.1 * (j + 1) for j in range(14)], axis=1)
                        f.create_dataset('observations/qpos', data=qpos)
                        f.create_dataset('observations/qvel', data=np.gradient(qpos, axis=0) * 50.0)
                        f.create_dataset('observations/effort', data=qpos * 3.0)
                        f.create_dataset('action', data=np.roll(qpos, -1, axis=0))
                        for cam in ['cam_high', 'cam_left_wrist']:
                            f.create_dataset('observations/images/' + cam, data=frames(STEPS, HEIGHT, WIDTH),
                                             chunks=(1, HEIGHT, WIDTH, 3), dtype='uint8')
                """.replace("STEPS", Integer.toString(steps)).replace("HEIGHT", Integer.toString(height))
                .replace("WIDTH", Integer.toString(width)), dir);
    }

    /** robomimic: one file, demo_0 and demo_1 with an agentview camera, joint and gripper observations, env_args at 20 Hz. */
    static void robomimic(Path file, int steps, int height, int width) throws IOException, InterruptedException {
        IndependentTools.python(FRAMES + """
                with h5py.File('NAME', 'w') as f:
                    data = f.create_group('data')
                    data.attrs['total'] = 2 * STEPS
                    data.attrs['env_args'] = json.dumps({'env_name': 'Lift', 'type': 1,
                                                         'env_kwargs': {'control_freq': 20, 'robots': ['Panda']}})
                    for d in range(2):
                        g = data.create_group('demo_%d' % d)
                        g.attrs['num_samples'] = STEPS
                        t = np.arange(STEPS) / 20.0
                        joints = np.stack([np.cos(t + j + d) for j in range(7)], axis=1)
                        g.create_dataset('obs/robot0_joint_pos', data=joints)
                        g.create_dataset('obs/robot0_eef_pos', data=joints[:, :3] * 0.3)
                        g.create_dataset('obs/robot0_gripper_qpos', data=np.stack([t * 0.01, -t * 0.01], axis=1))
                        g.create_dataset('obs/agentview_image', data=frames(STEPS, HEIGHT, WIDTH), chunks=(1, HEIGHT, WIDTH, 3))
                        g.create_dataset('actions', data=np.clip(np.roll(joints, -1, axis=0), -1, 1))
                        g.create_dataset('rewards', data=(np.arange(STEPS) == STEPS - 1).astype(np.float64))
                        g.create_dataset('dones', data=(np.arange(STEPS) == STEPS - 1).astype(np.int64))
                        g.create_dataset('states', data=np.concatenate([joints, joints * 2], axis=1))
                    mask = f.create_group('mask')
                    mask.create_dataset('train', data=np.array([b'demo_0']))
                    mask.create_dataset('valid', data=np.array([b'demo_1']))
                """.replace("NAME", file.getFileName().toString()).replace("STEPS", Integer.toString(steps))
                .replace("HEIGHT", Integer.toString(height)).replace("WIDTH", Integer.toString(width)), file.getParent());
    }
}

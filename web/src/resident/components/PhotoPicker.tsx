import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../shared/api';
import { useLimits } from '../../shared/limits';
import { PHOTO_TYPES } from './claims';

/**
 * Photos for an after-sales claim: a big 「拍照」 tile that opens the camera, a smaller 「从相册选」
 * for pictures already taken, thumbnails with a remove button. Keeps the File objects for the
 * multipart upload; refuses what the server would refuse (type, size, count) with a plain message.
 */
export function PhotoPicker({ files, onChange, max, disabled, invalid, testId = 'claim-photos' }: {
  files: File[]; onChange: (files: File[]) => void; max: number; disabled?: boolean; invalid?: boolean; testId?: string;
}) {
  const { t } = useTranslation('resident');
  const maxBytes = useLimits().files.imageBytes;
  const id = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const previews = useMemo(() => files.map((f) => URL.createObjectURL(f)), [files]);
  useEffect(() => () => previews.forEach((u) => URL.revokeObjectURL(u)), [previews]);

  const add = (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const picked = Array.from(list);
    const accepted: File[] = [];
    const problems: string[] = [];
    for (const f of picked) {
      // An empty type (some Android galleries) is left to the server, which reads the bytes.
      if (f.type && !PHOTO_TYPES.includes(f.type)) { problems.push(t('photos.notImage', { name: f.name })); continue; }
      if (f.size > maxBytes) { problems.push(t('photos.tooLarge', { name: f.name, size: formatBytes(f.size), max: maxBytes / 1024 / 1024 })); continue; }
      if (f.size === 0) { problems.push(t('photos.empty', { name: f.name })); continue; }
      accepted.push(f);
    }
    const room = Math.max(0, max - files.length);
    if (accepted.length > room) problems.push(t('photos.tooMany', { max }));
    setProblem(problems.length ? problems.join('\n') : null);
    if (accepted.length && room > 0) onChange([...files, ...accepted.slice(0, room)]);
  };

  const remove = (i: number) => {
    setProblem(null);
    onChange(files.filter((_, j) => j !== i));
  };

  const full = files.length >= max;
  return (
    <div className="r-photo-picker" data-testid={testId}>
      <div className="r-photo-grid">
        {files.map((f, i) => (
          <div key={`${f.name}-${f.size}-${f.lastModified}-${i}`} className="r-photo-cell" role="img" aria-label={t('photos.nth', { n: i + 1 })}>
            <img src={previews[i]} alt="" onError={(e) => { e.currentTarget.style.visibility = 'hidden'; }} />
            {!disabled && (
              <button type="button" className="r-photo-remove" onClick={() => remove(i)} aria-label={t('photos.remove', { n: i + 1 })} data-testid="photo-remove">×</button>
            )}
          </div>
        ))}
        {!full && (
          <label htmlFor={`${id}-camera`} className={`r-photo-add${invalid ? ' r-photo-add-invalid' : ''}${disabled ? ' r-photo-add-disabled' : ''}`}>
            <CameraIcon />
            <span className="r-photo-add-text">{t('photos.take')}</span>
            <span className="r-photo-add-count">{files.length}/{max}</span>
            <input
              id={`${id}-camera`} className="r-visually-hidden" type="file" accept="image/*" capture="environment" multiple disabled={disabled}
              onChange={(e) => { add(e.currentTarget.files); e.currentTarget.value = ''; }} data-testid="photo-input"
            />
          </label>
        )}
      </div>
      {!full && !disabled && (
        <label htmlFor={`${id}-album`} className="r-photo-album">
          <AlbumIcon />
          {t('photos.album')}
          <input
            id={`${id}-album`} className="r-visually-hidden" type="file" accept="image/jpeg,image/png,image/webp" multiple
            onChange={(e) => { add(e.currentTarget.files); e.currentTarget.value = ''; }} data-testid="photo-album-input"
          />
        </label>
      )}
      {problem && <div className="r-field-error r-pre" role="alert">{problem}</div>}
    </div>
  );
}

function CameraIcon() {
  return (
    <svg width={30} height={30} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.7} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M4 8h3l1.6-2.4A1.5 1.5 0 0 1 9.8 5h4.4a1.5 1.5 0 0 1 1.2.6L17 8h3a1 1 0 0 1 1 1v9.5a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 18.5V9a1 1 0 0 1 1-1z" />
      <circle cx="12" cy="13.5" r="3.6" />
    </svg>
  );
}

function AlbumIcon() {
  return (
    <svg width={17} height={17} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <rect x="3" y="4" width="18" height="16" rx="2" /><circle cx="9" cy="10" r="1.8" /><path d="m21 16-5-5-9 9" />
    </svg>
  );
}
